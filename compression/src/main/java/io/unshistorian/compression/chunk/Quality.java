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

    /** True when the severity bits say Good (the subcode may say more, e.g. GoodClamped). */
    public static boolean isGood(long statusCode) {
        return (statusCode & 0xC000_0000L) == 0;
    }
}
