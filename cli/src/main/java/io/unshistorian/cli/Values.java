package io.unshistorian.cli;

import io.unshistorian.grpc.v1.SeriesSamples;

/** The i-th value of wire samples, whatever their type: as a typed cell of {@link Output}, or as text. */
final class Values {
    private Values() {
    }

    static Object value(SeriesSamples samples, int i) {
        switch (samples.getType()) {
            case DOUBLE:
                return samples.getDoubleValues(i);
            case LONG:
                return samples.getLongValues(i);
            case BOOLEAN:
                return samples.getBoolValues(i);
            default:
                return samples.getStringValues(i);
        }
    }

    static String text(SeriesSamples samples, int i) {
        return Output.text(value(samples, i));
    }
}
