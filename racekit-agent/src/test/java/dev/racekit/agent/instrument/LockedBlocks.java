package dev.racekit.agent.instrument;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The javac shapes around which the instrumenter must place its calls so that HotSpot still compiles the method:
 * nested {@code synchronized} blocks, a loop that starts right after a {@code monitorenter}, and a {@code finally}
 * whose handler covers its own first instruction, and calls into instrumented code inside a block (a call site
 * pushes a frame, so the method also gets the catch-all handler that unwinds it when an exception leaves).
 * {@link #main} calls each often enough to be compiled.
 */
public final class LockedBlocks {
  static final class Account {
    long balance;
    long moves;
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final long[] queue = new long[8];
  private int size;

  static void transfer(Account from, Account to, long amount) {
    synchronized (from) {
      synchronized (to) {
        from.balance -= amount;
        java.util.Objects.requireNonNull(to, "to"); // a call into java.util, which is instrumented
        to.balance += amount;
        from.moves++;
      }
    }
  }

  long drain() {
    long sum = 0;
    synchronized (queue) {
      while (size > 0) { // the loop's head is the first instruction inside the block
        sum += queue[--size];
      }
    }
    return sum;
  }

  long put(long v) {
    lock.lock();
    try {
      queue[size++ & 7] = v;
      return size;
    } finally {
      lock.unlock();
    }
  }

  public static void main(String[] args) {
    int rounds = Integer.parseInt(args[0]);
    Account a = new Account();
    Account b = new Account();
    LockedBlocks q = new LockedBlocks();
    long check = 0;
    for (int i = 0; i < rounds; i++) {
      transfer(a, b, i & 7);
      q.size = 0;
      q.put(i);
      check += q.drain();
    }
    System.out.println("LockedBlocks checksum=" + (check + a.balance + b.moves));
  }
}
