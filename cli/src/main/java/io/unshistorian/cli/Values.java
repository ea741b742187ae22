package io.unshistorian.cli;

import io.unshistorian.grpc.v1.SeriesSamples;

/** The text of the i-th value of wire samples, whatever their type. */
final class Values {
    private Values() {
    }

    static String text(SeriesSamples samples, int i) {
        switch (samples.getType()) {
            case DOUBLE:
                return QueryCommand.number(samples.getDoubleValues(i));
            case LONG:
                return Long.toString(samples.getLongValues(i));
            case BOOLEAN:
                return Boolean.toString(samples.getBoolValues(i));
            default:
                return samples.getStringValues(i);
        }
    }
}
