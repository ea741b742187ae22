package io.unshistorian.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The embedded API is a small, listed set of types (package-info of this package): every public
 * signature reachable from {@link Historian} — methods and fields of every type it hands out, and
 * constructors of every type it takes in — names only those types and the JDK's. A change that
 * leaks a storage internal (a block file, the catalog, a head) or a library type (Chronicle,
 * Agrona, RoaringBitmap) into the API fails here until it is listed on purpose. And an embedder's
 * classpath carries none of the network libraries.
 */
class EmbeddedApiSurfaceTest {
    private static final Set<String> API = new TreeSet<>(Set.of(
        "io.unshistorian.embedded.Historian",
        "io.unshistorian.embedded.Sample",
        "io.unshistorian.embedded.NamespaceNode",
        "io.unshistorian.storage.write.WriteBatch",
        "io.unshistorian.storage.write.BatchRejectedException",
        "io.unshistorian.storage.write.BatchRejectedException$Kind",
        "io.unshistorian.storage.write.WritesRefusedException",
        "io.unshistorian.storage.write.WriteLimits",
        "io.unshistorian.storage.series.Series",
        "io.unshistorian.storage.series.SeriesMetadata",
        "io.unshistorian.compression.chunk.ValueType",
        "io.unshistorian.compression.chunk.Quality",
        "io.unshistorian.storage.StorageOptions",
        "io.unshistorian.storage.StorageOptions$Builder",
        "io.unshistorian.storage.StorageOptions$ChangeRetention",
        "io.unshistorian.storage.RetentionRule",
        "io.unshistorian.storage.wal.FsyncPolicy",
        "io.unshistorian.storage.wal.WalRollPeriod",
        "io.unshistorian.storage.StorageStatus",
        "io.unshistorian.storage.ChangeFeed",
        "io.unshistorian.storage.PartitionInfo",
        "io.unshistorian.storage.DroppedChanges",
        "io.unshistorian.storage.ChangeFeed$Batch",
        "io.unshistorian.storage.ChangeFeed$Handler",
        "io.unshistorian.storage.StorageHealth",
        "io.unshistorian.storage.StorageHealth$State",
        "io.unshistorian.storage.StorageProblem",
        "io.unshistorian.storage.read.SampleVisitor",
        "io.unshistorian.query.QueryEngine",
        "io.unshistorian.query.Selection",
        "io.unshistorian.query.AggregateRequest",
        "io.unshistorian.query.AggregateRow",
        "io.unshistorian.query.InterpolationRequest",
        "io.unshistorian.query.InterpolationRequest$Method",
        "io.unshistorian.query.InterpolationRequest$Fill",
        "io.unshistorian.query.InterpolatedValue",
        "io.unshistorian.query.LatestValue",
        "io.unshistorian.query.PlotPoint",
        "io.unshistorian.query.QualityPeriod",
        "io.unshistorian.query.QualityMode",
        "io.unshistorian.query.RawPage",
        "io.unshistorian.query.RawVisitor"));

    /** Type variables whose bounds are being collected: {@code E extends Enum<E>} refers to itself. */
    private static final Set<Type> VISITING = new java.util.HashSet<>();

    @Test
    void everyTypeReachableFromHistorianIsListed() {
        Set<String> reached = new TreeSet<>();
        Set<String> foreign = new TreeSet<>();
        Deque<Class<?>> handedOut = new ArrayDeque<>();
        Deque<Class<?>> takenIn = new ArrayDeque<>();
        handedOut.add(Historian.class);
        Set<Class<?>> seenOut = new java.util.HashSet<>();
        Set<Class<?>> seenIn = new java.util.HashSet<>();
        while (!handedOut.isEmpty() || !takenIn.isEmpty()) {
            if (!takenIn.isEmpty()) {
                Class<?> type = takenIn.poll();
                if (seenIn.add(type) && isProject(type)) {
                    for (Constructor<?> constructor : type.getConstructors()) {
                        visitParameters(constructor, reached, foreign, handedOut, takenIn);
                    }
                }
                continue;
            }
            Class<?> type = handedOut.poll();
            if (!seenOut.add(type) || !isProject(type)) {
                continue;
            }
            reached.add(type.getName());
            for (Method method : type.getMethods()) {
                if (method.getDeclaringClass() == Object.class || method.isSynthetic()) {
                    continue;
                }
                collect(method.getGenericReturnType(), reached, foreign, handedOut);
                visitParameters(method, reached, foreign, handedOut, takenIn);
            }
            for (Field field : type.getFields()) {
                collect(field.getGenericType(), reached, foreign, handedOut);
            }
            for (Class<?> nested : type.getClasses()) {
                if (Modifier.isPublic(nested.getModifiers())) {
                    handedOut.add(nested);
                }
            }
        }
        Set<String> unlisted = new TreeSet<>(reached);
        unlisted.removeAll(API);
        assertEquals(Set.of(), unlisted, "project types reachable from Historian but not listed as API "
            + "(list them in package-info and here, or keep them out of public signatures)");
        assertEquals(Set.of(), foreign, "library types in the embedded API's signatures");
    }

    private static void visitParameters(Executable executable, Set<String> reached, Set<String> foreign,
                                        Deque<Class<?>> handedOut, Deque<Class<?>> takenIn) {
        for (Type parameter : executable.getGenericParameterTypes()) {
            Deque<Class<?>> found = new ArrayDeque<>();
            collect(parameter, reached, foreign, found);
            handedOut.addAll(found);
            takenIn.addAll(found);
        }
        for (Type thrown : executable.getGenericExceptionTypes()) {
            collect(thrown, reached, foreign, handedOut);
        }
    }

    private static boolean isProject(Class<?> type) {
        return type.getName().startsWith("io.unshistorian.");
    }

    /** Every class named by {@code type} (generics, arrays and bounds included). */
    private static void collect(Type type, Set<String> reached, Set<String> foreign, Deque<Class<?>> into) {
        if (type instanceof Class<?>) {
            Class<?> raw = (Class<?>) type;
            while (raw.isArray()) {
                raw = raw.getComponentType();
            }
            if (raw.isPrimitive()) {
                return;
            }
            if (isProject(raw)) {
                into.add(raw);
            } else if (!raw.getName().startsWith("java.")) {
                foreign.add(raw.getName());
            }
        } else if (type instanceof ParameterizedType) {
            ParameterizedType parameterized = (ParameterizedType) type;
            collect(parameterized.getRawType(), reached, foreign, into);
            for (Type argument : parameterized.getActualTypeArguments()) {
                collect(argument, reached, foreign, into);
            }
        } else if (type instanceof GenericArrayType) {
            collect(((GenericArrayType) type).getGenericComponentType(), reached, foreign, into);
        } else if (type instanceof WildcardType) {
            for (Type bound : ((WildcardType) type).getUpperBounds()) {
                collect(bound, reached, foreign, into);
            }
            for (Type bound : ((WildcardType) type).getLowerBounds()) {
                collect(bound, reached, foreign, into);
            }
        } else if (type instanceof TypeVariable<?> && VISITING.add(type)) {
            try {
                for (Type bound : ((TypeVariable<?>) type).getBounds()) {
                    collect(bound, reached, foreign, into);
                }
            } finally {
                VISITING.remove(type);
            }
        }
    }

    @Test
    void anEmbeddersClasspathCarriesNoNetworkLibraries() {
        for (String absent : new String[] {"io.grpc.Channel", "io.netty.channel.Channel",
            "io.grpc.netty.shaded.io.netty.channel.Channel", "com.google.protobuf.Message",
            "org.apache.arrow.vector.VectorSchemaRoot", "picocli.CommandLine",
            "com.hivemq.client.mqtt.MqttClient", "org.eclipse.paho.client.mqttv3.MqttClient"}) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(absent), absent + " is on the classpath");
        }
    }
}
