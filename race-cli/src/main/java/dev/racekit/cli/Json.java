package dev.racekit.cli;

/** Just enough JSON writing for {@code --json}: objects, arrays, strings, numbers, booleans. */
final class Json {
  private final StringBuilder out = new StringBuilder(4096);
  private boolean needComma;

  Json beginObject() {
    return begin('{');
  }

  Json endObject() {
    return end('}');
  }

  Json beginArray() {
    return begin('[');
  }

  Json endArray() {
    return end(']');
  }

  private Json begin(char bracket) {
    comma();
    out.append(bracket);
    needComma = false;
    return this;
  }

  private Json end(char bracket) {
    out.append(bracket);
    needComma = true;
    return this;
  }

  Json name(String name) {
    comma();
    string(name);
    out.append(':');
    needComma = false;
    return this;
  }

  Json value(String s) {
    comma();
    if (s == null) {
      out.append("null");
    } else {
      string(s);
    }
    needComma = true;
    return this;
  }

  Json value(long v) {
    comma();
    out.append(v);
    needComma = true;
    return this;
  }

  Json value(double v) {
    comma();
    out.append(Double.isFinite(v) ? Double.toString(v) : "null");
    needComma = true;
    return this;
  }

  Json value(boolean v) {
    comma();
    out.append(v);
    needComma = true;
    return this;
  }

  Json field(String name, String v) {
    return name(name).value(v);
  }

  Json field(String name, long v) {
    return name(name).value(v);
  }

  Json field(String name, double v) {
    return name(name).value(v);
  }

  Json field(String name, boolean v) {
    return name(name).value(v);
  }

  private void comma() {
    if (needComma) {
      out.append(',');
      needComma = false;
    }
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
