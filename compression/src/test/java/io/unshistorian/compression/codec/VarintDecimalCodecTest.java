package io.unshistorian.compression.codec;

/** The decimal codec writing its integers as varint steps or mean-predicted varints (for the entropy stage). */
class VarintDecimalCodecTest extends LongColumnCodecContract {
    @Override
    protected LongColumnCodec newCodec() {
        return new DecimalCodec(true, true);
    }
}
