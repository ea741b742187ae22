package io.unshistorian.compression.codec;

class StepRunsCodecTest extends LongColumnCodecContract {
    @Override
    protected LongColumnCodec newCodec() {
        return new StepRunsCodec();
    }
}
