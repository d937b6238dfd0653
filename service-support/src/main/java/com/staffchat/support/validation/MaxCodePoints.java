package com.staffchat.support.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A text's length in code points is at most {@link #value()} (and at least {@link #min()}); {@code null} passes. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE_USE})
@Constraint(validatedBy = MaxCodePoints.Validator.class)
public @interface MaxCodePoints {

    int value();

    int min() default 0;

    String message() default "must be {min} to {value} characters long";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Counts code points, not UTF-16 units. */
    class Validator implements ConstraintValidator<MaxCodePoints, CharSequence> {

        private int min;
        private int max;

        @Override
        public void initialize(MaxCodePoints annotation) {
            min = annotation.min();
            max = annotation.value();
        }

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            int length = TextRule.codePoints(value.toString());
            return length >= min && length <= max;
        }
    }
}
