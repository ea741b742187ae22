package io.unshistorian.compression.codec;

class RawCodecTest extends LongColumnCodecContract {
    @Override
    protected LongColumnCodec newCodec() {
        return new RawCodec();
    }
}
