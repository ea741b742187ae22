package io.unshistorian.compression.codec;

class DeltaVarintCodecTest extends LongColumnCodecContract {
    @Override
    protected LongColumnCodec newCodec() {
        return new DeltaVarintCodec();
    }
}
