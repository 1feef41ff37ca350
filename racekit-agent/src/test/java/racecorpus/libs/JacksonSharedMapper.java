// EXPECT: no race
package racecorpus.libs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Jackson ObjectMapper shared by 4 threads (the documented way to use it), writing and reading objects whose
 * fields hold lists and maps, so that its serializer caches fill while the threads run.
 */
public final class JacksonSharedMapper {
  public static final class Item {
    public String name;
    public int qty;
    public List<String> tags = new ArrayList<>();
    public Map<String, Double> prices = new HashMap<>();
  }

  public static final class Order {
    public long id;
    public List<Item> items = new ArrayList<>();
    public Object note; // serialized by its runtime type: the dynamic serializer cache
  }

  public static void main(String[] args) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    long[] sums = new long[4];
    Workers.runAll("jackson", 4, w -> {
      long s = 0;
      for (int i = 0; i < 300; i++) {
        Order o = new Order();
        o.id = w * 1000L + i;
        Item it = new Item();
        it.name = "n" + i;
        it.qty = i;
        it.tags.add("t" + w);
        it.prices.put("eur", i * 1.5);
        o.items.add(it);
        o.note = i % 2 == 0 ? "text" : Integer.valueOf(i);
        Order back = mapper.readValue(mapper.writeValueAsString(o), Order.class);
        s += back.items.get(0).qty;
      }
      sums[w] = s;
    });
    System.out.println("sums equal " + (sums[0] == sums[3]) + " " + sums[0]);
  }
}
