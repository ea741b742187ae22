package io.unshistorian.ingest.mqtt;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientReconnector;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3Connect;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3SubscribeBuilder;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;


/**
 * {@link BrokerClient} over HiveMQ's MQTT 3.1.1 client. A 3.1.1 session has no expiry: with a
 * persistent session the broker keeps it until it is told otherwise (its own settings decide).
 */
final class Mqtt3BrokerClient extends BrokerClientBase {
    private final Mqtt3AsyncClient client;

    Mqtt3BrokerClient(MqttSettings settings, MqttClientSslConfig tls) {
        super(settings);
        Mqtt3ClientBuilder builder = Mqtt3Client.builder().identifier(settings.clientId())
            .serverHost(broker.getHost()).serverPort(MqttSettings.port(broker))
            .executorConfig().nettyExecutor(MqttClients.NETWORK_THREADS).nettyThreads(2).applyExecutorConfig()
            .automaticReconnect().initialDelay(500, TimeUnit.MILLISECONDS)
            .maxDelay(settings.reconnectMaxDelay().toMillis(), TimeUnit.MILLISECONDS).applyAutomaticReconnect()
            .addConnectedListener(context -> connectionMade())
            .addDisconnectedListener(context -> {
                connectionLost(context.getCause());
                if (context.getReconnector().isReconnect()) {
                    Mqtt3ClientReconnector reconnector = (Mqtt3ClientReconnector) context.getReconnector();
                    reconnector.transportConfig().serverHost(broker.getHost()).serverPort(MqttSettings.port(broker))
                        .applyTransportConfig();
                    reconnector.connect(connectMessage());
                }
            });
        if (tls != null) {
            builder = builder.sslConfig(tls);
        }
        this.client = builder.buildAsync();
    }

    @Override
    public void onMessage(Consumer<InboundMessage> consumer) {
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> consumer.accept(new InboundMessage(
            publish.getTopic().toString(), publish.getPayloadAsBytes(), System.nanoTime(), publish.getQos().getCode(),
            publish::acknowledge)), this::callback, true);
    }

    @Override
    public CompletableFuture<Void> connect(boolean persistentSession, long expirySeconds, Will willMessage) {
        this.persistent = persistentSession;
        this.will = willMessage;
        return client.connect(connectMessage()).thenApply(ack -> null);
    }

    private Mqtt3Connect connectMessage() {
        Mqtt3ConnectBuilder builder = Mqtt3Connect.builder().cleanSession(!persistent)
            .keepAlive((int) settings.keepAlive().toSeconds());
        byte[] willPayload = willPayloadNow();
        if (willPayload != null) {
            builder = builder.willPublish().topic(will.topic()).payload(willPayload)
                .qos(MqttQos.AT_LEAST_ONCE).retain(true).applyWillPublish();
        }
        if (settings.username() != null) {
            builder = builder.simpleAuth().username(settings.username())
                .password(settings.password() == null ? new byte[0] : settings.password()).applySimpleAuth();
        }
        return builder.build();
    }

    @Override
    public CompletableFuture<Void> subscribe(List<String> filters, int qos) {
        Mqtt3SubscribeBuilder.Start builder = Mqtt3Subscribe.builder();
        Mqtt3SubscribeBuilder.Complete complete = null;
        for (String filter : filters) {
            complete = (complete == null ? builder : complete).addSubscription().topicFilter(filter)
                .qos(MqttQos.fromCode(qos)).applySubscription();
        }
        return client.subscribe(complete.build()).thenApply(ack -> {
            for (int i = 0; i < ack.getReturnCodes().size(); i++) {
                if (ack.getReturnCodes().get(i) == Mqtt3SubAckReturnCode.FAILURE) {
                    throw new IllegalStateException("the broker refused the subscription to '" + filters.get(i) + "'");
                }
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        return client.publishWith().topic(topic).payload(payload).qos(MqttQos.fromCode(qos)).retain(retain).send()
            .thenApply(result -> null);
    }

    @Override
    protected void disconnect() throws Exception {
        client.disconnect().get(5, TimeUnit.SECONDS);
    }
}
