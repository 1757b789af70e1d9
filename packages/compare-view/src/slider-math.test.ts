import { describe, expect, test } from "vitest";
import { clampSlider, sliderValueAt, sliderValueForKey } from "./slider-math.js";

describe("sliderValueForKey", () => {
  test.each([
    ["ArrowRight", 50, false, 51],
    ["ArrowUp", 50, false, 51],
    ["ArrowLeft", 50, false, 49],
    ["ArrowDown", 50, false, 49],
    ["ArrowRight", 50, true, 60],
    ["ArrowLeft", 50, true, 40],
    ["PageUp", 50, false, 60],
    ["PageDown", 50, false, 40],
    ["Home", 37.5, false, 0],
    ["End", 37.5, false, 100],
  ])("%s from %d (shift %s) → %d", (key, from, shift, to) => {
    expect(sliderValueForKey(key, from, shift)).toBe(to);
  });

  test("stops at the ends", () => {
    expect(sliderValueForKey("ArrowRight", 100)).toBe(100);
    expect(sliderValueForKey("PageUp", 95)).toBe(100);
    expect(sliderValueForKey("ArrowLeft", 0)).toBe(0);
    expect(sliderValueForKey("PageDown", 4)).toBe(0);
  });

  test("a step from a dragged, fractional value lands a whole step away", () => {
    expect(sliderValueForKey("ArrowRight", 24.7)).toBe(25.7);
  });

  test("other keys are not the slider's", () => {
    expect(sliderValueForKey("Tab", 50)).toBeUndefined();
    expect(sliderValueForKey("+", 50)).toBeUndefined();
  });
});

describe("sliderValueAt", () => {
  test("the pointer's share of the width, to a tenth of a percent", () => {
    expect(sliderValueAt(150, 100, 400)).toBe(12.5);
    expect(sliderValueAt(100 + 400 / 3, 100, 400)).toBe(33.3);
  });

  test("outside the view it sticks to the nearer end", () => {
    expect(sliderValueAt(20, 100, 400)).toBe(0);
    expect(sliderValueAt(900, 100, 400)).toBe(100);
  });

  test("a view with no width has no middle", () => {
    expect(sliderValueAt(10, 0, 0)).toBe(0);
  });
});

test("clampSlider", () => {
  expect(clampSlider(Number.NaN)).toBe(0);
  expect(clampSlider(-3)).toBe(0);
  expect(clampSlider(101)).toBe(100);
  expect(clampSlider(12.345)).toBe(12.3);
});
