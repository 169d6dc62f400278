package org.vitrine.hub.ops;

/**
 * Text a client sent, made safe for one log line: control characters (CR and LF above all, which
 * would let a client forge whole log lines) are written as escapes ({@code \r}, {@code \n},
 * {@code \u001b}), and long text is cut. Use it on every value that came from outside the hub
 * (screen ids, user and device names, MQTT client ids and topics, member ids, paths).
 */
public final class LogText {

  /** Longest client text kept in a log line. */
  public static final int MAX = 120;

  private LogText() {
  }

  public static String safe(Object value) {
    if (value == null) {
      return "(none)";
    }
    String s = value.toString();
    StringBuilder out = null;
    int n = Math.min(s.length(), MAX);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029';
      if (control && out == null) {
        out = new StringBuilder(n + 16).append(s, 0, i);
      }
      if (out != null) {
        if (!control) {
          out.append(c);
        } else if (c == '\r') {
          out.append("\\r");
        } else if (c == '\n') {
          out.append("\\n");
        } else if (c == '\t') {
          out.append("\\t");
        } else {
          out.append(String.format("\\u%04x", (int) c));
        }
      }
    }
    String head = out != null ? out.toString() : s.length() > MAX ? s.substring(0, MAX) : s;
    return s.length() > MAX ? head + "…(" + s.length() + " chars)" : head;
  }
}
