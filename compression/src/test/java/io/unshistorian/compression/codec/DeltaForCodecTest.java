package io.unshistorian.compression.codec;

class DeltaForCodecTest extends LongColumnCodecContract {
    @Override
    protected LongColumnCodec newCodec() {
        return new DeltaForCodec();
    }
}
