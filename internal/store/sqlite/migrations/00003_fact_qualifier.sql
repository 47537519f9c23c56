-- A fact's approximation or bound ("lebih dari", "sekitar", "at least").

-- +goose Up
ALTER TABLE facts ADD COLUMN qualifier TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE facts DROP COLUMN qualifier;
