package io.unshistorian.archive;

import java.util.Map;

import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/** A Parquet writer's record side for one fixed schema: what the archive's two tables share. */
abstract class RowWriter<T> extends WriteSupport<T> {
    private final MessageType schema;
    /** Where {@link #write} puts each row's fields; set before the first row. */
    protected RecordConsumer out;

    RowWriter(MessageType schema) {
        this.schema = schema;
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    @SuppressWarnings("deprecation")   // abstract in parquet-java; the Hadoop-free variant above is the one used
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer consumer) {
        this.out = consumer;
    }
}
