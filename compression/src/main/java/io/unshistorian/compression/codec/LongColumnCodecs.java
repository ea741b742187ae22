package io.unshistorian.compression.codec;

/**
 * One instance of every {@link LongColumnCodec}, looked up by on-disk id. Codecs hold scratch state,
 * so each encoder or decoder owns its own set; a set is not thread-safe.
 */
public final class LongColumnCodecs {
    private final RawCodec raw = new RawCodec();
    private final DeltaOfDeltaCodec deltaOfDelta = new DeltaOfDeltaCodec();
    private final GorillaXorCodec gorillaXor = new GorillaXorCodec();
    private final RunLengthCodec runLength = new RunLengthCodec();
    private final BitPackedCodec bitPacked = new BitPackedCodec();
    private final DecimalCodec decimal = new DecimalCodec(true);
    private final DecimalCodec rawExceptionDecimal = new DecimalCodec(false);
    private final DeltaForCodec deltaFor = new DeltaForCodec();
    private final DeltaVarintCodec deltaVarint = new DeltaVarintCodec();
    private final MeanPredictedVarintCodec meanVarint = new MeanPredictedVarintCodec();
    private final StepRunsCodec stepRuns = new StepRunsCodec();
    /** The decimal codec with its integers as varint steps: a candidate under the entropy stage. */
    private final DecimalCodec decimalVarint = new DecimalCodec(true, true);

    /** The codec with on-disk id {@code id}, or {@code null} when the id is unknown. */
    public LongColumnCodec byId(int id) {
        switch (id) {
            case CodecIds.RAW:
                return raw;
            case CodecIds.DELTA_OF_DELTA:
                return deltaOfDelta;
            case CodecIds.GORILLA_XOR:
                return gorillaXor;
            case CodecIds.RUN_LENGTH:
                return runLength;
            case CodecIds.BIT_PACKED:
                return bitPacked;
            case CodecIds.DECIMAL:
                return rawExceptionDecimal;
            case CodecIds.DECIMAL_NEAR:
                return decimal;
            case CodecIds.DELTA_FOR:
                return deltaFor;
            case CodecIds.DELTA_VARINT:
                return deltaVarint;
            case CodecIds.MEAN_VARINT:
                return meanVarint;
            case CodecIds.STEP_RUNS:
                return stepRuns;
            default:
                return null;
        }
    }

    public RawCodec raw() {
        return raw;
    }

    public DeltaOfDeltaCodec deltaOfDelta() {
        return deltaOfDelta;
    }

    public GorillaXorCodec gorillaXor() {
        return gorillaXor;
    }

    public DecimalCodec decimal() {
        return decimal;
    }

    public DeltaForCodec deltaFor() {
        return deltaFor;
    }

    public StepRunsCodec stepRuns() {
        return stepRuns;
    }

    public DeltaVarintCodec deltaVarint() {
        return deltaVarint;
    }

    /** Writes DECIMAL_NEAR columns whose integers are varint steps (it reads any DECIMAL_NEAR column). */
    public DecimalCodec decimalVarint() {
        return decimalVarint;
    }
}
