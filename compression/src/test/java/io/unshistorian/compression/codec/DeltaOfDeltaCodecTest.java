package io.unshistorian.compression.codec;

class DeltaOfDeltaCodecTest extends LongColumnCodecContract {
    @Override
    protected LongColumnCodec newCodec() {
        return new DeltaOfDeltaCodec();
    }
}
