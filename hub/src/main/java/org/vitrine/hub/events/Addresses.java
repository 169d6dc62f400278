package org.vitrine.hub.events;

/** Every event-bus address of the hub, in one place (contract: docs/contracts/event-bus.md). */
public final class Addresses {

  /** MqttGateway → IdentityVerticle: a camera saw someone ({@link Sighting}, maybe with a face embedding). */
  public static final String SIGHTING = "vitrine.sighting";
  /** IdentityVerticle → PresenceVerticle: the sighting with its shopper decided, embedding dropped ({@link Sighting}). */
  public static final String SIGHTING_IDENTIFIED = "vitrine.sighting.identified";
  /** check-in API → IdentityVerticle: enrol the face at the check-in camera ({@link EnrolRequest} → {@link EnrolResult}). */
  public static final String IDENTITY_ENROL = "vitrine.identity.enrol";
  /** IdentityVerticle → every IdentityVerticle (all hub instances): reload a shopper's faces from Redis ({@link IdentityChanged}). */
  public static final String IDENTITY_CHANGED = "vitrine.identity.changed";
  /** Eraser → identity, presence, screen director (all instances): forget a shopper now ({@link ShopperErased}). */
  public static final String SHOPPER_ERASED = "vitrine.shopper.erased";
  /** PresenceVerticle → ScreenDirector: a shopper entered/left a zone ({@link ZoneChange}). */
  public static final String PRESENCE_CHANGED = "vitrine.presence.changed";
  /** ScreenGateway → ScreenDirector: current command of a screen, asked on hello. */
  public static final String SCREEN_STATE = "vitrine.screen.state";
  /** ScreenGateway → ScreenDirector: proof of play and touches ({@link ScreenReport}). */
  public static final String SCREEN_REPORT = "vitrine.screen.report";
  /** any → MqttGateway: publish to a device's topics ({@link DeviceMessage}). */
  public static final String DEVICE_PUBLISH = "vitrine.device.publish";

  /** MqttGateway → VoiceVerticle: a Hermes audio frame of a speaker ({@link AudioFrame}). */
  public static final String VOICE_AUDIO = "vitrine.voice.audio";
  /** MqttGateway → VoiceVerticle: a Hermes control message of a speaker (asr/stopListening...; {@link HermesPublish} as received). */
  public static final String VOICE_CONTROL = "vitrine.voice.control";
  /** VoiceVerticle → anyone (rules later, event log): an understood utterance ({@link VoiceIntent}). */
  public static final String VOICE_INTENT = "vitrine.voice.intent";
  /** VoiceVerticle → anyone: a confirmed voice order ({@link VoiceOrder}), shown on the order board. */
  public static final String VOICE_ORDER = "vitrine.voice.order";
  /**
   * VoiceVerticle → one browser speaker connection ({@code BrowserSpeakerSocket}): the Hermes messages
   * ({@link HermesPublish}) the hub would send to a satellite, for device {@code browser:<connection>};
   * the address is this prefix + the connection id.
   */
  public static final String VOICE_BROWSER = "vitrine.voice.browser.";
  /** any → MqttGateway: publish on an exact (Hermes) topic to a device that subscribed to it ({@link HermesPublish}). */
  public static final String DEVICE_PUBLISH_TOPIC = "vitrine.device.publish.topic";

  /** adapters (touch, pickup, check-in, voice) → ScreenDirector and the event log: a {@link StoreEvent} rules may react to. */
  public static final String STORE_EVENT = "vitrine.store.event";
  /** ScreenDirector, voice → console (live): staff should act ({@link StaffNotice}). */
  public static final String STAFF_NOTIFY = "vitrine.staff.notify";
  /** A staff notice was dealt with ({@link NoticeDone}): consoles drop it from their open notices. */
  public static final String NOTICE_DONE = "vitrine.staff.notice-done";
  /** ScreenDirector → VoiceVerticle: say a sentence on a zone's speakers ({@link SpeakRequest}). */
  public static final String VOICE_SAY = "vitrine.voice.say";
  /** catalog writers → ScreenDirector, console (this instance): the catalog snapshot was swapped ({@link CatalogChanged}). */
  public static final String CATALOG_CHANGED = "vitrine.catalog.changed";
  /** admin API → ScreenDirector: a content item was deleted, screens showing it stop ({@link ContentRemoved}). */
  public static final String CONTENT_REMOVED = "vitrine.content.removed";
  /** ScreenDirector → console (live): what a screen shows now ({@link ScreenNow}). */
  public static final String SCREEN_NOW = "vitrine.screen.now";
  /** MqttGateway → console (live): a device came online or went offline ({@link DeviceStatus}). */
  public static final String DEVICE_STATUS = "vitrine.device.status";

  /** PresenceVerticle → analytics (this instance, publish): every identified sighting, no embedding ({@link Sighting}). */
  public static final String PRESENCE_SIGHTED = "vitrine.presence.sighted";
  /** ScreenReportRecorder → analytics (this instance, publish): a screen's proof of play ({@link ScreenReport}, type played). */
  public static final String SCREEN_PLAYED = "vitrine.screen.played";
  /** Voice answers for screens ({@link VoiceShow}), point to point to the screen director. */
  public static final String DIRECTOR_VOICE_SHOW = "vitrine.director.voice-show";

  /** PairingApi → every ScreenSession / BrowserSpeakerSocket (all instances): a credential was issued or revoked ({@link CredentialsChanged}). */
  public static final String CREDENTIALS_CHANGED = "vitrine.credentials.changed";

  // "cmd." keeps screen ids apart from the other vitrine.screen.* addresses (a screen may be called "now")
  private static final String SCREEN_PREFIX = "vitrine.screen.cmd.";
  private static final String PAIRING_PREFIX = "vitrine.pairing.";

  private Addresses() {
  }

  /** ScreenDirector → ScreenGateway: what one screen must show ({@link ScreenCommand}). */
  public static String screen(String screenId) {
    return SCREEN_PREFIX + screenId;
  }

  /** PairingApi → the one player or speaker page showing a pairing code: its credential ({@link Paired}), request/reply. */
  public static String pairing(String waiter) {
    return PAIRING_PREFIX + waiter;
  }
}
