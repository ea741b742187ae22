package io.unshistorian.compression.codec;

class MeanPredictedVarintCodecTest extends LongColumnCodecContract {
    @Override
    protected LongColumnCodec newCodec() {
        return new MeanPredictedVarintCodec();
    }
}
