package io.unshistorian.compression.codec;

class DecimalCodecTest extends LongColumnCodecContract {
    @Override
    protected LongColumnCodec newCodec() {
        return new DecimalCodec();
    }
}
