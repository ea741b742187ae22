package io.unshistorian.compression.codec;

/** The decimal codec as written now (id 8, exceptions XORed against the nearest decimal). */
class DecimalCodecTest extends LongColumnCodecContract {
    @Override
    protected LongColumnCodec newCodec() {
        return new DecimalCodec();
    }
}
