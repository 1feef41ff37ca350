package realprograms;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;

/**
 * Apache Commons Pool under the agent: four threads borrow one of at most three pooled objects 300 times each and
 * increment a plain counter of the object they hold, relying on the pool to hand each object to one thread at a
 * time. Prints the total of the counters and the borrow count, the same in every run.
 */
public final class CommonsPool {
  /** A pooled object with a plain counter: only its borrower touches it. */
  public static final class Connection {
    int uses;
  }

  public static void main(String[] args) throws Exception {
    List<Connection> created = new ArrayList<>();
    GenericObjectPool<Connection> pool = new GenericObjectPool<>(new BasePooledObjectFactory<Connection>() {
      @Override
      public Connection create() {
        Connection c = new Connection();
        synchronized (created) {
          created.add(c);
        }
        return c;
      }

      @Override
      public PooledObject<Connection> wrap(Connection c) {
        return new DefaultPooledObject<>(c);
      }
    });
    pool.setMaxTotal(3);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      done.add(threads.submit(() -> {
        for (int i = 0; i < 300; i++) {
          Connection c = pool.borrowObject();
          c.uses++;
          pool.returnObject(c);
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    threads.shutdown();
    pool.close();
    int uses = 0;
    synchronized (created) {
      for (Connection c : created) {
        uses += c.uses;
      }
    }
    System.out.println("CommonsPool uses=" + uses + " borrowed=" + pool.getBorrowedCount());
  }
}
