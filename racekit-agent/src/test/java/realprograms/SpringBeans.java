package realprograms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The Spring Framework's application context under the agent: a singleton service with its repository injected, and
 * a prototype bean, looked up by four pooled threads 500 times each (a new prototype every time). Prints the
 * repository's size and the prototypes' total length, the same in every run.
 */
public final class SpringBeans {
  /** A singleton: the keys the service saw, with their sums. */
  public static final class Repository {
    final Map<String, Integer> totals = new ConcurrentHashMap<>();

    void add(String key, int value) {
      totals.merge(key, value, Integer::sum);
    }
  }

  /** A singleton built with the repository injected through its constructor. */
  public static final class Service {
    private final Repository repository;

    public Service(Repository repository) {
      this.repository = repository;
    }

    void handle(int i) {
      repository.add("key" + (i % 50), i);
    }
  }

  public static void main(String[] args) throws Exception {
    try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
      context.registerBean(Repository.class);
      context.registerBean(Service.class);
      Supplier<StringBuilder> newBuffer = StringBuilder::new;
      context.registerBean("buffer", StringBuilder.class, newBuffer, bd -> bd.setScope("prototype"));
      context.refresh();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<Integer>> lengths = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        lengths.add(pool.submit(() -> {
          int length = 0;
          for (int i = 0; i < 500; i++) {
            context.getBean(Service.class).handle(i);
            length += context.getBean("buffer", StringBuilder.class).append("x").length();
          }
          return length;
        }));
      }
      int built = 0;
      for (Future<Integer> f : lengths) {
        built += f.get();
      }
      pool.shutdown();
      System.out.println("SpringBeans keys=" + context.getBean(Repository.class).totals.size() + " built=" + built);
    }
  }
}
