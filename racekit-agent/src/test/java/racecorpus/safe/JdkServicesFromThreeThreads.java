// EXPECT: no race
package racecorpus.safe;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CyclicBarrier;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.spec.GCMParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;

/**
 * Three threads ask for a key generator, a cipher and a DOM parser at the same moment, for the first time. The JDK
 * builds their provider and parser tables in static initialisers of {@code javax} and {@code com.sun} classes, which
 * the JVM orders before every use: those initialisers run with accesses ignored, as the rest of the JDK's do.
 */
public final class JdkServicesFromThreeThreads {
  public static void main(String[] args) throws Exception {
    CyclicBarrier start = new CyclicBarrier(3);
    long[] sizes = new long[3];
    Thread[] threads = new Thread[3];
    for (int i = 0; i < threads.length; i++) {
      int id = i;
      threads[i] = new Thread(() -> {
        try {
          start.await();
          KeyGenerator keys = KeyGenerator.getInstance("AES");
          keys.init(128);
          Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
          cipher.init(Cipher.ENCRYPT_MODE, keys.generateKey(), new GCMParameterSpec(128, new byte[12]));
          sizes[id] += cipher.doFinal(new byte[16]).length;
          byte[] xml = "<a><b>1</b><b>2</b></a>".getBytes(StandardCharsets.UTF_8);
          sizes[id] += DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml))
              .getElementsByTagName("b").getLength();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, "services-" + i);
    }
    for (Thread t : threads) {
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    System.out.println("sizes=" + sizes[0] + "," + sizes[1] + "," + sizes[2]);
  }
}
