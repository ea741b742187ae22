package io.unshistorian.compression.codec;

class GorillaXorCodecTest extends LongColumnCodecContract {
    @Override
    protected LongColumnCodec newCodec() {
        return new GorillaXorCodec();
    }
}
