package realprograms;

import com.google.gson.Gson;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Gson under the agent: one {@code Gson} instance shared by four pooled threads, each turning 300 objects into JSON
 * and back. Gson builds its type adapters on first use (through reflection, and a reflective
 * {@code Unsafe.allocateInstance} for a class without a no-argument constructor) and caches them for every thread.
 * Prints the total of the quantities read back, the same in every run.
 */
public final class GsonJson {
  /** No no-argument constructor: Gson allocates it without one. */
  static final class Item {
    final String name;
    final int quantity;
    final List<String> tags;

    Item(String name, int quantity) {
      this.name = name;
      this.quantity = quantity;
      this.tags = List.of("stock", name);
    }
  }

  public static void main(String[] args) throws Exception {
    Gson gson = new Gson();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Integer>> totals = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      totals.add(pool.submit(() -> {
        int total = 0;
        for (int i = 0; i < 300; i++) {
          String json = gson.toJson(new Item("item" + id + "-" + i, i));
          total += gson.fromJson(json, Item.class).quantity;
        }
        return total;
      }));
    }
    int total = 0;
    for (Future<Integer> f : totals) {
      total += f.get();
    }
    pool.shutdown();
    System.out.println("GsonJson total=" + total);
  }
}
