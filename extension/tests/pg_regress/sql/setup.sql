-- Run once after the regression database is (re)created.
CREATE EXTENSION synth;
