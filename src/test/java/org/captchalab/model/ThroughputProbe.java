package org.captchalab.model;

import org.captchalab.Nd4jTestSupport;

/** Manual probe (not a test): prints throughput. Run with exec or from the IDE. */
public final class ThroughputProbe {
    public static void main(String[] args) {
        Nd4jTestSupport.init();
        Preset p = args.length > 0 ? Preset.parse(args[0]) : Preset.SEED;
        NetworkSpec spec = new NetworkSpec(p, 129, 53, 4, 26);
        System.out.println(Throughput.measure(spec, 64, args.length > 1 ? Double.parseDouble(args[1]) : 5, 10));
    }
}
