package io.unshistorian.compression.chunk;

/**
 * OPC UA status codes as carried by every sample: 32 bits, of which the top two give the severity
 * (00 Good, 01 Uncertain, 10 Bad). Good is 0.
 */
public final class Quality {
    /** Good, no further information: the default quality of a sample. */
    public static final int GOOD = 0;
    /** Uncertain, no further information (OPC UA Uncertain = 0x40000000). */
    public static final int UNCERTAIN = 0x4000_0000;
    /** Bad, no further information (OPC UA Bad = 0x80000000). */
    public static final int BAD = 0x8000_0000;

    private Quality() {
    }

    /**
     * A quality as written in text files and payloads: {@code Good}, {@code Uncertain} or
     * {@code Bad} (any case), or a status code in decimal or {@code 0x} hexadecimal.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static int parse(String text) {
        String value = text.strip();
        switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "good":
                return GOOD;
            case "uncertain":
                return UNCERTAIN;
            case "bad":
                return BAD;
            default:
                break;
        }
        try {
            long code = value.startsWith("0x") || value.startsWith("0X") ? Long.parseLong(value.substring(2), 16)
                : Long.parseLong(value);
            if (code >= 0 && code <= 0xFFFF_FFFFL) {
                return (int) code;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("quality '" + text + "' is not Good, Uncertain, Bad or a status code "
            + "(0 to 0xFFFFFFFF)");
    }

    /** True when the severity bits say Good (the subcode may say more, e.g. GoodClamped). */
    public static boolean isGood(long statusCode) {
        return (statusCode & 0xC000_0000L) == 0;
    }
}
