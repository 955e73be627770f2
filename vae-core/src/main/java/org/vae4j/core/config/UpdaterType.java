package org.vae4j.core.config;

import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/** Gradient updaters: Adam (today's default), Adagrad (the AEVB paper's), plain SGD. */
public enum UpdaterType {
    ADAM {
        @Override
        public IUpdater create(double learningRate) {
            return new Adam(learningRate);
        }
    },
    ADAGRAD {
        @Override
        public IUpdater create(double learningRate) {
            return new AdaGrad(learningRate);
        }
    },
    SGD {
        @Override
        public IUpdater create(double learningRate) {
            return new Sgd(learningRate);
        }
    };

    public abstract IUpdater create(double learningRate);

    public static UpdaterType parse(String s) {
        return Enums.parse(UpdaterType.class, s, "updater");
    }
}
