package org.vitrine.devices.camera;

/**
 * Everything one camera agent runs with, after camera-agent.yaml, environment and command line
 * (see {@link AgentConfig}).
 *
 * @param camera         the camera's device id in store.yaml: MQTT username and topic
 * @param password       its MQTT password
 * @param source         webcam device, stream URL or video file
 * @param scoreThreshold YuNet's minimum detection score
 * @param minFacePx      faces smaller than this (short side, px) are ignored: too few pixels to recognise
 * @param sightingEveryMs how often a visible track is reported
 */
public record AgentSettings(String camera, String password, String source, String mqttHost, int mqttPort,
                            ModelSettings models, float scoreThreshold, float minFacePx, FrameSettings frames,
                            TrackingSettings tracking, long sightingEveryMs) {
}
