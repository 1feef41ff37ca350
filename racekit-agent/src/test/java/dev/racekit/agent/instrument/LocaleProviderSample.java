package dev.racekit.agent.instrument;

/** Stands for a JDK locale data provider (renamed into {@code sun/util/locale/} by the test that uses it). */
public class LocaleProviderSample {
  private int calls;

  public int lookup(int key) {
    calls++;
    return key * 2 + calls;
  }

  public static int fail(int key) {
    if (key >= 0) {
      throw new IllegalStateException("missing " + key);
    }
    return key;
  }
}
