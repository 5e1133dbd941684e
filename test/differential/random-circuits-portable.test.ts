import { randomCircuitSuite } from "./random-circuits.js";

randomCircuitSuite("portable");
