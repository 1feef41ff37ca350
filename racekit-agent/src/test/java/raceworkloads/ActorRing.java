package raceworkloads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Actor-style message loop: 4 actors in a ring, each owning its state and a mailbox; a token message carries a
 * mutable payload around the ring; each actor updates its own state and the payload, then forwards it.
 */
public final class ActorRing {
  static final class Message {
    long payload;
    int hops;
    final boolean stop;

    Message(boolean stop) {
      this.stop = stop;
    }
  }

  static final class Actor implements Runnable {
    final LinkedBlockingQueue<Message> mailbox = new LinkedBlockingQueue<>();
    final int id;
    final int maxHops;
    Actor next;
    long state;
    int handled;

    Actor(int id, int maxHops) {
      this.id = id;
      this.maxHops = maxHops;
      this.state = id + 1;
    }

    @Override
    public void run() {
      try {
        while (true) {
          Message m = mailbox.take();
          if (m.stop) {
            next.mailbox.put(m); // pass the stop on; the ring ends when it is back where it started
            return;
          }
          for (int i = 0; i < 200; i++) {
            state = state * 2862933555777941757L + 3037000493L + m.payload;
            m.payload ^= state >>> 17;
          }
          handled++;
          m.hops++;
          next.mailbox.put(m.hops >= maxHops ? new Message(true) : m);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public static void main(String[] args) throws InterruptedException {
    int hops = Workload.scaled(200_000, Workload.scale(args));
    List<Actor> actors = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      actors.add(new Actor(i, hops));
    }
    for (int i = 0; i < 4; i++) {
      actors.get(i).next = actors.get((i + 1) % 4);
    }
    List<Thread> threads = new ArrayList<>();
    for (Actor a : actors) {
      Thread t = new Thread(a, "actor-" + a.id);
      threads.add(t);
      t.start();
    }
    actors.get(0).mailbox.put(new Message(false)); // one token: the ring's order is fixed, so is the result
    for (Thread t : threads) {
      t.join();
    }
    long checksum = 0;
    for (Actor a : actors) {
      checksum = checksum * 131 + a.state + a.handled;
    }
    Workload.result(ActorRing.class, checksum);
  }
}
