package io.unshistorian.compression.codec;

class BitPackedCodecTest extends LongColumnCodecContract {
    @Override
    protected LongColumnCodec newCodec() {
        return new BitPackedCodec();
    }
}
