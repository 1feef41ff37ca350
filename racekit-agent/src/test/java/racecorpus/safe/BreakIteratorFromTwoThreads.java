// EXPECT: no race
package racecorpus.safe;

import java.text.BreakIterator;
import java.util.Locale;

/**
 * Two threads ask for word and sentence iterators at once. {@code BreakIterator} caches the last one of each kind in a
 * plain static array that every caller reads and replaces unordered, a race the JDK accepts (each caller gets its own
 * clone): it is a known benign race, not the program's.
 */
public final class BreakIteratorFromTwoThreads {
  public static void main(String[] args) throws InterruptedException {
    int[] words = new int[2];
    Thread[] threads = new Thread[2];
    for (int i = 0; i < threads.length; i++) {
      int id = i;
      threads[i] = new Thread(() -> {
        for (int j = 0; j < 20; j++) {
          BreakIterator w = BreakIterator.getWordInstance(j % 2 == 0 ? Locale.US : Locale.GERMANY);
          w.setText("the quick brown fox " + j);
          while (w.next() != BreakIterator.DONE) {
            words[id]++;
          }
          BreakIterator s = BreakIterator.getSentenceInstance(Locale.US);
          s.setText("One. Two. Three.");
          while (s.next() != BreakIterator.DONE) {
            words[id]++;
          }
        }
      }, "splitter-" + i);
    }
    for (Thread t : threads) {
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    System.out.println("words=" + words[0] + "," + words[1]);
  }
}
