package io.unshistorian.ingest.mqtt;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientReconnector;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5SubscribeBuilder;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;


/** {@link BrokerClient} over HiveMQ's MQTT 5 client. */
final class Mqtt5BrokerClient extends BrokerClientBase {
    private final Mqtt5AsyncClient client;

    Mqtt5BrokerClient(MqttSettings settings, MqttClientSslConfig tls) {
        super(settings);
        Mqtt5ClientBuilder builder = Mqtt5Client.builder().identifier(settings.clientId())
            .serverHost(broker.getHost()).serverPort(MqttSettings.port(broker))
            .executorConfig().nettyExecutor(MqttClients.NETWORK_THREADS).nettyThreads(2).applyExecutorConfig()
            .automaticReconnect().initialDelay(500, TimeUnit.MILLISECONDS)
            .maxDelay(settings.reconnectMaxDelay().toMillis(), TimeUnit.MILLISECONDS).applyAutomaticReconnect()
            .addConnectedListener(context -> connectionMade())
            .addDisconnectedListener(context -> {
                connectionLost(context.getCause());
                if (context.getReconnector().isReconnect()) {
                    // Next broker of the list, and a will stamped with the time of the new connection.
                    Mqtt5ClientReconnector reconnector = (Mqtt5ClientReconnector) context.getReconnector();
                    reconnector.transportConfig().serverHost(broker.getHost()).serverPort(MqttSettings.port(broker))
                        .applyTransportConfig();
                    reconnector.connect(connectMessage());
                }
            });
        if (tls != null) {
            builder = builder.sslConfig(tls);
        }
        if (settings.username() != null) {
            builder = builder.simpleAuth().username(settings.username())
                .password(settings.password() == null ? new byte[0] : settings.password()).applySimpleAuth();
        }
        this.client = builder.buildAsync();
    }

    @Override
    public void onMessage(Consumer<InboundMessage> consumer) {
        // Before connecting: a resumed session's backlog arrives right after CONNACK, before any
        // subscribe call, and a message no flow takes would be acknowledged and lost.
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> consumer.accept(new InboundMessage(
            publish.getTopic().toString(), publish.getPayloadAsBytes(), System.nanoTime(), publish.getQos().getCode(),
            publish::acknowledge)), this::callback, true);
    }

    @Override
    public CompletableFuture<Void> connect(boolean persistentSession, long expirySeconds, Will willMessage) {
        this.persistent = persistentSession;
        this.sessionExpirySeconds = expirySeconds;
        this.will = willMessage;
        return client.connect(connectMessage()).thenApply(ack -> null);
    }

    private Mqtt5Connect connectMessage() {
        Mqtt5ConnectBuilder builder = Mqtt5Connect.builder().cleanStart(!persistent)
            .sessionExpiryInterval(persistent ? sessionExpirySeconds : 0)
            .keepAlive((int) settings.keepAlive().toSeconds())
            .restrictions().receiveMaximum(settings.receiveMaximum()).applyRestrictions();
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
        Mqtt5SubscribeBuilder.Start builder = Mqtt5Subscribe.builder();
        Mqtt5SubscribeBuilder.Complete complete = null;
        for (String filter : filters) {
            complete = (complete == null ? builder : complete).addSubscription().topicFilter(filter)
                .qos(MqttQos.fromCode(qos))
                // Retained messages only for a new subscription: not again on every restart.
                .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST).applySubscription();
        }
        return client.subscribe(complete.build()).thenApply(ack -> {
            for (int i = 0; i < ack.getReasonCodes().size(); i++) {
                Mqtt5SubAckReasonCode code = ack.getReasonCodes().get(i);
                if (code.isError()) {
                    throw new IllegalStateException("the broker refused the subscription to '" + filters.get(i) + "': "
                        + code);
                }
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        return client.publishWith().topic(topic).payload(payload).qos(MqttQos.fromCode(qos)).retain(retain).send()
            .thenApply(result -> {
                result.getError().ifPresent(error -> {
                    throw new IllegalStateException("publishing to " + topic + " failed: " + error.getMessage());
                });
                return null;
            });
    }

    @Override
    protected void disconnect() throws Exception {
        client.disconnect().get(5, TimeUnit.SECONDS);
    }
}
