package dev.racekit.cli;

/** Text from a trace made safe for a terminal: names and lines of a trace may hold escape sequences. */
final class Text {
  private Text() {}

  /**
   * {@code s} with every control character (C0, DEL and C1, which includes the one-byte CSI) written as
   * {@code \xNN}, and tab, CR and LF as {@code \t}, {@code \r}, {@code \n}; null stays null.
   */
  static String printable(String s) {
    if (s == null || s.chars().noneMatch(Text::isControl)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isControl(c)) {
        out.append(c);
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\n') {
        out.append("\\n");
      } else {
        out.append(String.format("\\x%02x", (int) c));
      }
    }
    return out.toString();
  }

  private static boolean isControl(int c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }
}
