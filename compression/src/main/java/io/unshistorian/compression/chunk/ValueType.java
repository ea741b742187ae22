package io.unshistorian.compression.chunk;

/**
 * The value type of a series, fixed at its first write. {@link #code()} is the permanent number
 * written on disk; the enum's ordinal is never persisted.
 */
public enum ValueType {
    DOUBLE(1),
    LONG(2),
    BOOLEAN(3),
    STRING(4);

    private final int code;

    ValueType(int code) {
        this.code = code;
    }

    /** The on-disk code of this type. */
    public int code() {
        return code;
    }

    /** The type with on-disk code {@code code}, or {@code null} when no type has it. */
    public static ValueType fromCode(int code) {
        switch (code) {
            case 1:
                return DOUBLE;
            case 2:
                return LONG;
            case 3:
                return BOOLEAN;
            case 4:
                return STRING;
            default:
                return null;
        }
    }
}
