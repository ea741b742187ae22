package io.unshistorian.compression.codec;

/** The decimal codec of the first release (id 6, raw exceptions), which chunks on disk still use. */
class RawExceptionDecimalCodecTest extends LongColumnCodecContract {
    @Override
    protected LongColumnCodec newCodec() {
        return new DecimalCodec(false);
    }
}
