package dev.racekit.agent.instrument;

/** Defines one class from the given bytes, so the JVM verifies it; everything else comes from the test's loader. */
final class OneClassLoader extends ClassLoader {
  private final String name;
  private final byte[] bytes;

  OneClassLoader(String name, byte[] bytes) {
    super(OneClassLoader.class.getClassLoader());
    this.name = name;
    this.bytes = bytes;
  }

  @Override
  protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
    if (n.equals(name)) {
      synchronized (getClassLoadingLock(n)) {
        Class<?> c = findLoadedClass(n);
        return c != null ? c : defineClass(n, bytes, 0, bytes.length);
      }
    }
    return super.loadClass(n, resolve);
  }
}
