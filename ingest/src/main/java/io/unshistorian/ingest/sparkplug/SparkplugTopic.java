package io.unshistorian.ingest.sparkplug;

/**
 * A Sparkplug B topic, {@code spBv1.0/{group}/{type}/{edge node}[/{device}]} or the host state
 * topic {@code spBv1.0/STATE/{host id}}.
 *
 * @param device null for node-level messages
 */
record SparkplugTopic(String group, MessageType type, String node, String device) {
    static final String NAMESPACE = "spBv1.0";

    /** The message types of the specification; STATE is a host application's. */
    enum MessageType { NBIRTH, NDEATH, DBIRTH, DDEATH, NDATA, DDATA, NCMD, DCMD, STATE }

    /** The topic's parts, or null when it is not a Sparkplug B topic. */
    static SparkplugTopic parse(String topic) {
        String[] levels = topic.split("/", -1);
        if (levels.length < 3 || !levels[0].equals(NAMESPACE)) {
            return null;
        }
        if (levels[1].equals("STATE")) {
            return levels.length == 3 ? new SparkplugTopic(null, MessageType.STATE, levels[2], null) : null;
        }
        MessageType type;
        try {
            type = MessageType.valueOf(levels[2]);
        } catch (IllegalArgumentException e) {
            return null;
        }
        boolean deviceLevel = type == MessageType.DBIRTH || type == MessageType.DDEATH || type == MessageType.DDATA
            || type == MessageType.DCMD;
        if (levels.length != (deviceLevel ? 5 : 4) || type == MessageType.STATE) {
            return null;
        }
        for (String level : levels) {
            if (level.isEmpty()) {
                return null;
            }
        }
        return new SparkplugTopic(levels[1], type, levels[3], deviceLevel ? levels[4] : null);
    }

    /** The topic a command to this topic's edge node goes to. */
    static String nodeCommandTopic(String group, String node) {
        return NAMESPACE + "/" + group + "/NCMD/" + node;
    }

    static String stateTopic(String hostId) {
        return NAMESPACE + "/STATE/" + hostId;
    }
}
