// EXPECT-RACE: CountInFindClassAfterParentFails.java:49<CountInFindClassAfterParentFails.java:61 CountInFindClassAfterParentFails.java:49<CountInFindClassAfterParentFails.java:67 | static field racecorpus.racy.CountInFindClassAfterParentFails.lookups
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/**
 * Two threads each load a class through a loader of their own whose parent fails, several instrumented calls deep,
 * with ClassNotFoundException; {@code java.lang.ClassLoader} (not instrumented) catches it and calls the child's
 * {@code findClass}, which counts the lookup in a plain static field. The count races, and each stack must be the
 * caller's and {@code findClass}'s alone: none of the frames the parent's exception unwound (the shape of a class
 * realm delegating to a parent in a build tool).
 */
public final class CountInFindClassAfterParentFails {
  static int lookups;

  /** A parent that knows no class: it fails two calls deep. */
  static final class Parent extends ClassLoader {
    Parent() {
      super(null);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      return search(name);
    }

    private Class<?> search(String name) throws ClassNotFoundException {
      return fail(name);
    }

    private static Class<?> fail(String name) throws ClassNotFoundException {
      throw new ClassNotFoundException(name);
    }
  }

  /** Finds every class itself, after its parent failed: each one is Object here. */
  static final class Child extends ClassLoader {
    private final InvisibleRendezvous meet;
    private final int party;

    Child(InvisibleRendezvous meet, int party) {
      super(new Parent());
      this.meet = meet;
      this.party = party;
    }

    @Override
    protected Class<?> findClass(String name) {
      lookups++; // race @1
      meet.arriveAndAwait(party);
      return Object.class;
    }
  }

  public static void main(String[] args) throws Exception {
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Child mine = new Child(meet, 0);
    Child theirs = new Child(meet, 1);
    Thread worker = new Thread(() -> {
      try {
        theirs.loadClass("racecorpus.Missing"); // worker's call
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }, "worker-1");
    worker.start();
    mine.loadClass("racecorpus.Missing"); // main's call
    worker.join();
    System.out.println("lookups=" + lookups);
  }
}
