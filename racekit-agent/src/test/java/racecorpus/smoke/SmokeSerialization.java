package racecorpus.smoke;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * {@code write FILE} serializes a parcel (a class without a serialVersionUID, whose fields the program has touched),
 * {@code read FILE} reads one back and checks it; both print the class's serialVersionUID and its declared fields.
 * Run with and without the agent, which adds a field to this class: the two must read each other's files.
 */
public final class SmokeSerialization {
  static final class Parcel implements Serializable {
    int id;
    String label;
    long[] values;
  }

  public static void main(String[] args) throws IOException, ClassNotFoundException {
    System.out.println("serialVersionUID=" + ObjectStreamClass.lookup(Parcel.class).getSerialVersionUID());
    StringBuilder fields = new StringBuilder("fields:");
    for (java.lang.reflect.Field f : Parcel.class.getDeclaredFields()) {
      fields.append(' ').append(f.getName());
    }
    System.out.println(fields);
    if (args[0].equals("write")) {
      Parcel p = new Parcel();
      p.id = 42;
      p.label = "forty-two";
      p.values = new long[] {4, 2};
      try (ObjectOutputStream out = new ObjectOutputStream(new FileOutputStream(args[1]))) {
        out.writeObject(p);
      }
      System.out.println("wrote id=" + p.id);
    } else {
      try (ObjectInputStream in = new ObjectInputStream(new FileInputStream(args[1]))) {
        Parcel p = (Parcel) in.readObject();
        System.out.println("read id=" + p.id + " label=" + p.label + " sum=" + (p.values[0] + p.values[1]));
      }
    }
  }
}
