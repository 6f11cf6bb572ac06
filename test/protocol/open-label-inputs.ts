/**
 * MP-1, MP-8 and MP-12 as their presets are written, with a blinding setup and open-label phases
 * added (the crossovers their papers describe), for testing the schema before the presets carry them.
 */
import { presetInput, type PresetId, type ProtocolInput } from "../../src/index.js";

const ADDED: Partial<Record<PresetId, Pick<ProtocolInput, "blinding" | "openLabel">>> = {
  "mp1": {
    "blinding": {
      "placebo": "inactive",
      "outcomeRater": "independent",
      "guesses": {
        "participant": "end-of-blinded-phase",
        "therapist": "end-of-blinded-phase",
        "rater": "at-primary"
      },
      "unblindAfterAssessmentId": "primary"
    },
    "openLabel": [
      {
        "id": "crossover",
        "label": "Open-label crossover of the placebo group: 2 x 125 + 62.5 mg",
        "arms": [
          "placebo"
        ],
        "sessions": [
          {
            "day": 133,
            "durationH": 8,
            "initialMg": 125,
            "supplemental": {
              "mg": 62.5,
              "offeredAtH": {
                "earliest": 2,
                "latest": 2.5
              }
            }
          },
          {
            "day": 161,
            "durationH": 8,
            "initialMg": 125,
            "supplemental": {
              "mg": 62.5,
              "offeredAtH": {
                "earliest": 2,
                "latest": 2.5
              }
            }
          }
        ],
        "integration": [
          {
            "day": 134,
            "durationMin": 90,
            "afterSession": 0
          },
          {
            "day": 140,
            "durationMin": 90,
            "afterSession": 0
          },
          {
            "day": 147,
            "durationMin": 90,
            "afterSession": 0
          },
          {
            "day": 154,
            "durationMin": 90,
            "afterSession": 0
          },
          {
            "day": 162,
            "durationMin": 90,
            "afterSession": 1
          },
          {
            "day": 168,
            "durationMin": 90,
            "afterSession": 1
          },
          {
            "day": 175,
            "durationMin": 90,
            "afterSession": 1
          },
          {
            "day": 182,
            "durationMin": 90,
            "afterSession": 1
          }
        ]
      }
    ]
  },
  "mp8": {
    "blinding": {
      "placebo": "low-dose-mdma",
      "outcomeRater": "independent",
      "guesses": {
        "participant": "end-of-blinded-phase",
        "therapist": "end-of-blinded-phase",
        "rater": "at-primary"
      },
      "unblindAfterAssessmentId": "primary"
    },
    "openLabel": [
      {
        "id": "crossover",
        "label": "Open-label crossover of the 30 and 75 mg groups: 3 x 125 + 62.5 mg",
        "arms": [
          "mdma-75",
          "mdma-30"
        ],
        "preparatory": [
          {
            "day": 91,
            "durationMin": 90
          }
        ],
        "sessions": [
          {
            "day": 98,
            "durationH": 8,
            "initialMg": 125,
            "supplemental": {
              "mg": 62.5,
              "offeredAtH": {
                "earliest": 1.5,
                "latest": 2.5
              }
            }
          },
          {
            "day": 126,
            "durationH": 8,
            "initialMg": 125,
            "supplemental": {
              "mg": 62.5,
              "offeredAtH": {
                "earliest": 1.5,
                "latest": 2.5
              }
            }
          },
          {
            "day": 154,
            "durationH": 8,
            "initialMg": 125,
            "supplemental": {
              "mg": 62.5,
              "offeredAtH": {
                "earliest": 1.5,
                "latest": 2.5
              }
            }
          }
        ],
        "integration": [
          {
            "day": 99,
            "durationMin": 90,
            "afterSession": 0
          },
          {
            "day": 105,
            "durationMin": 90,
            "afterSession": 0
          },
          {
            "day": 112,
            "durationMin": 90,
            "afterSession": 0
          },
          {
            "day": 119,
            "durationMin": 90,
            "afterSession": 0
          },
          {
            "day": 127,
            "durationMin": 90,
            "afterSession": 1
          },
          {
            "day": 133,
            "durationMin": 90,
            "afterSession": 1
          },
          {
            "day": 140,
            "durationMin": 90,
            "afterSession": 1
          },
          {
            "day": 147,
            "durationMin": 90,
            "afterSession": 1
          },
          {
            "day": 155,
            "durationMin": 90,
            "afterSession": 2
          },
          {
            "day": 161,
            "durationMin": 90,
            "afterSession": 2
          },
          {
            "day": 168,
            "durationMin": 90,
            "afterSession": 2
          },
          {
            "day": 175,
            "durationMin": 90,
            "afterSession": 2
          }
        ]
      },
      {
        "id": "third-session",
        "label": "A third, open-label session for the 125 mg group: 125 + 62.5 mg",
        "arms": [
          "mdma-125"
        ],
        "preparatory": [
          {
            "day": 147,
            "durationMin": 90
          }
        ],
        "sessions": [
          {
            "day": 154,
            "durationH": 8,
            "initialMg": 125,
            "supplemental": {
              "mg": 62.5,
              "offeredAtH": {
                "earliest": 1.5,
                "latest": 2.5
              }
            }
          }
        ],
        "integration": [
          {
            "day": 155,
            "durationMin": 90,
            "afterSession": 0
          },
          {
            "day": 161,
            "durationMin": 90,
            "afterSession": 0
          },
          {
            "day": 168,
            "durationMin": 90,
            "afterSession": 0
          },
          {
            "day": 175,
            "durationMin": 90,
            "afterSession": 0
          }
        ]
      }
    ]
  },
  "mp12": {
    "blinding": {
      "placebo": "low-dose-mdma",
      "outcomeRater": "independent",
      "guesses": {
        "participant": "end-of-blinded-phase",
        "therapist": "end-of-blinded-phase",
        "rater": "at-primary"
      },
      "unblindAfterAssessmentId": "primary"
    },
    "openLabel": [
      {
        "id": "crossover",
        "label": "Open-label crossover of the 40 mg group: 3 x 125 + 62.5 mg",
        "arms": [
          "mdma-40"
        ],
        "preparatory": [
          {
            "day": 91,
            "durationMin": 90
          }
        ],
        "sessions": [
          {
            "day": 98,
            "durationH": 8,
            "initialMg": 125,
            "supplemental": {
              "mg": 62.5,
              "offeredAtH": {
                "earliest": 1.5,
                "latest": 2.5
              }
            }
          },
          {
            "day": 126,
            "durationH": 8,
            "initialMg": 125,
            "supplemental": {
              "mg": 62.5,
              "offeredAtH": {
                "earliest": 1.5,
                "latest": 2.5
              }
            }
          },
          {
            "day": 154,
            "durationH": 8,
            "initialMg": 125,
            "supplemental": {
              "mg": 62.5,
              "offeredAtH": {
                "earliest": 1.5,
                "latest": 2.5
              }
            }
          }
        ],
        "integration": [
          {
            "day": 99,
            "durationMin": 90,
            "afterSession": 0
          },
          {
            "day": 105,
            "durationMin": 90,
            "afterSession": 0
          },
          {
            "day": 112,
            "durationMin": 90,
            "afterSession": 0
          },
          {
            "day": 119,
            "durationMin": 90,
            "afterSession": 0
          },
          {
            "day": 127,
            "durationMin": 90,
            "afterSession": 1
          },
          {
            "day": 133,
            "durationMin": 90,
            "afterSession": 1
          },
          {
            "day": 140,
            "durationMin": 90,
            "afterSession": 1
          },
          {
            "day": 147,
            "durationMin": 90,
            "afterSession": 1
          },
          {
            "day": 155,
            "durationMin": 90,
            "afterSession": 2
          },
          {
            "day": 161,
            "durationMin": 90,
            "afterSession": 2
          },
          {
            "day": 168,
            "durationMin": 90,
            "afterSession": 2
          },
          {
            "day": 175,
            "durationMin": 90,
            "afterSession": 2
          }
        ]
      },
      {
        "id": "extra-session",
        "label": "One open-label session for the 100 and 125 mg groups: 125 + 62.5 mg",
        "arms": [
          "mdma-125",
          "mdma-100"
        ],
        "preparatory": [
          {
            "day": 147,
            "durationMin": 90
          }
        ],
        "sessions": [
          {
            "day": 154,
            "durationH": 8,
            "initialMg": 125,
            "supplemental": {
              "mg": 62.5,
              "offeredAtH": {
                "earliest": 1.5,
                "latest": 2.5
              }
            }
          }
        ],
        "integration": [
          {
            "day": 155,
            "durationMin": 90,
            "afterSession": 0
          },
          {
            "day": 161,
            "durationMin": 90,
            "afterSession": 0
          },
          {
            "day": 168,
            "durationMin": 90,
            "afterSession": 0
          },
          {
            "day": 175,
            "durationMin": 90,
            "afterSession": 0
          }
        ]
      }
    ]
  }
};

/** The preset's input with the blinding setup and open-label phases above (a fresh copy). */
export function openLabelInput(id: PresetId): ProtocolInput {
  return { ...presetInput(id), ...structuredClone(ADDED[id] ?? {}) };
}
