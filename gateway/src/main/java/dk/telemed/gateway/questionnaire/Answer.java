package dk.telemed.gateway.questionnaire;

/** One item's answer, of its item's kind; {@link #value()} is how it is stored and charted. */
public sealed interface Answer permits Answer.YesNo, Answer.Scale, Answer.Choice {
    /** 1/0 for yes/no, the number on a scale, the option's position (from 0) for a choice. */
    double value();

    /** {@code yes}/{@code no}, the number, or the option's code. */
    String code();

    record YesNo(boolean yes) implements Answer {
        @Override
        public double value() {
            return yes ? 1 : 0;
        }

        @Override
        public String code() {
            return yes ? "yes" : "no";
        }
    }

    record Scale(int number) implements Answer {
        @Override
        public double value() {
            return number;
        }

        @Override
        public String code() {
            return Integer.toString(number);
        }
    }

    record Choice(String option, int position) implements Answer {
        @Override
        public double value() {
            return position;
        }

        @Override
        public String code() {
            return option;
        }
    }
}
