package io.unshistorian.compression.codec;

class RunLengthCodecTest extends LongColumnCodecContract {
    @Override
    protected LongColumnCodec newCodec() {
        return new RunLengthCodec();
    }
}
