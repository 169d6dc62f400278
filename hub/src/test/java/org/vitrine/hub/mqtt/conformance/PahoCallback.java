package org.vitrine.hub.mqtt.conformance;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** Paho's callback doing nothing but what a test overrides. */
abstract class PahoCallback implements MqttCallback {

  @Override
  public void disconnected(MqttDisconnectResponse response) {
  }

  @Override
  public void mqttErrorOccurred(MqttException e) {
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
  }

  @Override
  public void deliveryComplete(IMqttToken token) {
  }

  @Override
  public void connectComplete(boolean reconnect, String uri) {
  }

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {
  }
}
