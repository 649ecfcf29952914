//! What a reviewer can do to a plan — dismiss or cover a finding, pick its method, move or
//! resize its region, draw a region the detectors missed, remove a region they drew — and an
//! undo/redo history of those edits. The app and any other front end edit plans only through
//! [`RedactionPlan::edit`], so every rule below holds for all of them.

use serde::{Deserialize, Serialize};

use super::{Decision, Method, PlanItem, RedactionPlan};
use crate::finding::{Finding, Kind, Rect};
use crate::polygon::Polygon;

/// Regions smaller than this on either side are refused (a stray click, not a region).
pub const MIN_REGION_SIDE: u32 = 4;

/// Most edits an [`EditHistory`] keeps for undo.
pub const HISTORY_LIMIT: usize = 500;

/// One change to a plan. `index` is the item's position in [`RedactionPlan::items`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PlanEdit {
    /// Cover the item again (undo a dismissal).
    Redact {
        /// The item.
        index: usize,
    },
    /// Leave the item visible, for a recorded reason.
    Dismiss {
        /// The item.
        index: usize,
        /// Why (must not be blank; it goes into the audit ledger).
        reason: String,
    },
    /// Leave several items visible for one recorded reason (one edit: one undo step).
    DismissMany {
        /// The items (each at most once; all must exist, or nothing changes).
        indices: Vec<usize>,
        /// Why (must not be blank; it is recorded for each item in the audit ledger).
        reason: String,
    },
    /// Cover several items again (one edit: one undo step).
    RedactMany {
        /// The items (all must exist, or nothing changes).
        indices: Vec<usize>,
    },
    /// Change how the item is made unreadable.
    SetMethod {
        /// The item.
        index: usize,
        /// The new method.
        method: Method,
    },
    /// Move or resize the region the item covers (clipped to the image).
    SetRegion {
        /// The item.
        index: usize,
        /// The new region, in displayed-image pixels.
        rect: Rect,
    },
    /// Reshape a polygon region (a crowd): its new vertices, in displayed-image pixels
    /// (clamped into the image).
    SetPolygon {
        /// The item (must already be a polygon).
        index: usize,
        /// The new vertices, in order (at least three).
        points: Vec<[f32; 2]>,
    },
    /// Add a region the detectors missed (a [`Kind::Manual`] finding, redacted).
    AddRegion {
        /// The region, in displayed-image pixels (clipped to the image).
        rect: Rect,
        /// How to redact it.
        method: Method,
    },
    /// Remove a region the reviewer drew. Detections cannot be removed, only dismissed with a
    /// reason, so that the ledger always says what was found and what was left visible.
    RemoveRegion {
        /// The item (must be [`Kind::Manual`]).
        index: usize,
    },
}

/// Why an edit was refused; the plan is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// No item at that index.
    #[error("the plan has {len} regions, no region {index}")]
    NoSuchItem {
        /// The index asked for.
        index: usize,
        /// How many items the plan has.
        len: usize,
    },
    /// A dismissal without a reason.
    #[error("leaving a region visible needs a reason (it is recorded in the audit ledger)")]
    NoReason,
    /// The region is smaller than [`MIN_REGION_SIDE`] once clipped to the image.
    #[error(
        "a region must be at least {MIN_REGION_SIDE}×{MIN_REGION_SIDE} pixels inside the image"
    )]
    TooSmall,
    /// Only hand-drawn regions can be removed.
    #[error("a detected {0} cannot be removed, only left visible with a reason")]
    NotManual(Kind),
    /// Only a polygon region can be given vertices.
    #[error("a {0} region is a rectangle: it has no vertices to move")]
    NotPolygon(Kind),
    /// A polygon needs at least three vertices, all numbers.
    #[error("a region's outline needs at least three points")]
    BadPolygon,
}

impl RedactionPlan {
    /// Apply one edit, or refuse it (leaving the plan unchanged).
    pub fn edit(&mut self, edit: &PlanEdit) -> Result<(), EditError> {
        let len = self.items.len();
        let item_at = |items: &mut Vec<PlanItem>, index: usize| -> Result<usize, EditError> {
            if index < items.len() {
                Ok(index)
            } else {
                Err(EditError::NoSuchItem { index, len })
            }
        };
        match edit {
            PlanEdit::Redact { index } => {
                let i = item_at(&mut self.items, *index)?;
                self.items[i].decision = Decision::Redact;
            }
            PlanEdit::Dismiss { index, reason } => {
                let i = item_at(&mut self.items, *index)?;
                let reason = reason.trim();
                if reason.is_empty() {
                    return Err(EditError::NoReason);
                }
                self.items[i].decision = Decision::Dismiss {
                    reason: reason.to_string(),
                };
            }
            PlanEdit::DismissMany { indices, reason } => {
                let reason = reason.trim();
                if reason.is_empty() {
                    return Err(EditError::NoReason);
                }
                for &index in indices {
                    item_at(&mut self.items, index)?;
                }
                for &index in indices {
                    self.items[index].decision = Decision::Dismiss {
                        reason: reason.to_string(),
                    };
                }
            }
            PlanEdit::RedactMany { indices } => {
                for &index in indices {
                    item_at(&mut self.items, index)?;
                }
                for &index in indices {
                    self.items[index].decision = Decision::Redact;
                }
            }
            PlanEdit::SetMethod { index, method } => {
                let i = item_at(&mut self.items, *index)?;
                self.items[i].method = *method;
            }
            PlanEdit::SetRegion { index, rect } => {
                let i = item_at(&mut self.items, *index)?;
                let rect = self.clip(*rect)?;
                let item = &mut self.items[i];
                // A polygon moves and stretches with the rectangle around it.
                if let Some(p) = &item.polygon {
                    let moved = p
                        .mapped(item.redact_rect, rect)
                        .clipped(self.width, self.height);
                    item.polygon = Some(moved.rounded());
                }
                item.redact_rect = rect;
                if item.finding.kind == Kind::Manual {
                    item.finding.rect = rect;
                }
            }
            PlanEdit::SetPolygon { index, points } => {
                let i = item_at(&mut self.items, *index)?;
                let kind = self.items[i].finding.kind;
                if self.items[i].polygon.is_none() {
                    return Err(EditError::NotPolygon(kind));
                }
                let p = Polygon(points.clone());
                if !p.is_valid() {
                    return Err(EditError::BadPolygon);
                }
                let p = p.clipped(self.width, self.height).rounded();
                let rect = p.bounds(self.width, self.height);
                if rect.w < MIN_REGION_SIDE || rect.h < MIN_REGION_SIDE {
                    return Err(EditError::TooSmall);
                }
                let item = &mut self.items[i];
                item.redact_rect = rect;
                item.polygon = Some(p);
            }
            PlanEdit::AddRegion { rect, method } => {
                let rect = self.clip(*rect)?;
                self.items.push(PlanItem {
                    finding: Finding::new(Kind::Manual, rect, 1.0),
                    redact_rect: rect,
                    polygon: None,
                    method: *method,
                    decision: Decision::Redact,
                });
            }
            PlanEdit::RemoveRegion { index } => {
                let i = item_at(&mut self.items, *index)?;
                let kind = self.items[i].finding.kind;
                if kind != Kind::Manual {
                    return Err(EditError::NotManual(kind));
                }
                self.items.remove(i);
            }
        }
        Ok(())
    }

    /// `rect` clipped to the image, refused when too small.
    fn clip(&self, rect: Rect) -> Result<Rect, EditError> {
        let r = Rect::covering(
            rect.x as f32,
            rect.y as f32,
            rect.x.saturating_add(rect.w) as f32,
            rect.y.saturating_add(rect.h) as f32,
            self.width,
            self.height,
        );
        if r.w < MIN_REGION_SIDE || r.h < MIN_REGION_SIDE {
            return Err(EditError::TooSmall);
        }
        Ok(r)
    }
}

impl PlanItem {
    /// The redacted region covers the whole detected box. A detection whose region was moved
    /// or shrunk off it is not counted as redacted by the policy gate (see
    /// [`crate::pipeline::plan_summary`]): part of what was found would stay visible.
    /// For a polygon (a crowd): every pixel of the detected polygon is still inside the
    /// reviewed one.
    pub fn covers_finding(&self) -> bool {
        let (r, f) = (self.redact_rect, self.finding.rect);
        let rect_covers =
            r.x <= f.x && r.y <= f.y && r.right() >= f.right() && r.bottom() >= f.bottom();
        let Some(reviewed) = &self.polygon else {
            return rect_covers;
        };
        // The detected pixels: the finding's polygon, else its whole rectangle.
        let detected = match &self.finding.polygon {
            Some(p) => p.mask(f),
            None => vec![true; f.area() as usize],
        };
        rect_covers
            && (reviewed.mask(f).iter())
                .zip(&detected)
                .all(|(&kept, &found)| kept || !found)
    }
}

/// Undo and redo for a plan's edits: each successful edit saves the plan it replaced.
#[derive(Debug, Clone, Default)]
pub struct EditHistory {
    undo: Vec<RedactionPlan>,
    redo: Vec<RedactionPlan>,
}

impl EditHistory {
    /// Apply `edit` to `plan`, remembering the previous plan for [`EditHistory::undo`]. A
    /// refused edit changes nothing and is not remembered.
    pub fn apply(&mut self, plan: &mut RedactionPlan, edit: &PlanEdit) -> Result<(), EditError> {
        let before = plan.clone();
        plan.edit(edit)?;
        if *plan != before {
            self.undo.push(before);
            if self.undo.len() > HISTORY_LIMIT {
                self.undo.remove(0);
            }
            self.redo.clear();
        }
        Ok(())
    }

    /// Go back one edit; false when there is nothing to undo.
    pub fn undo(&mut self, plan: &mut RedactionPlan) -> bool {
        match self.undo.pop() {
            Some(prev) => {
                self.redo.push(std::mem::replace(plan, prev));
                true
            }
            None => false,
        }
    }

    /// Re-apply the last undone edit; false when there is nothing to redo.
    pub fn redo(&mut self, plan: &mut RedactionPlan) -> bool {
        match self.redo.pop() {
            Some(next) => {
                self.undo.push(std::mem::replace(plan, next));
                true
            }
            None => false,
        }
    }

    /// Edits that can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Edits that can be redone.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::PlanDefaults;

    fn plan() -> RedactionPlan {
        let face = Finding::new(Kind::Face, Rect::new(20, 20, 30, 30), 0.9);
        RedactionPlan::from_findings(&[face], 100, 80, &PlanDefaults::default())
    }

    #[test]
    fn edits_change_only_what_they_name() {
        let mut p = plan();
        p.edit(&PlanEdit::SetMethod {
            index: 0,
            method: Method::Pixelate,
        })
        .unwrap();
        assert_eq!(p.items[0].method, Method::Pixelate);
        p.edit(&PlanEdit::Dismiss {
            index: 0,
            reason: "  poster  ".into(),
        })
        .unwrap();
        assert_eq!(
            p.items[0].decision,
            Decision::Dismiss {
                reason: "poster".into()
            }
        );
        p.edit(&PlanEdit::Redact { index: 0 }).unwrap();
        assert_eq!(p.items[0].decision, Decision::Redact);
        assert_eq!(p.items[0].method, Method::Pixelate);
    }

    #[test]
    fn several_items_are_decided_in_one_edit_and_one_undo_step() {
        let findings = [
            Finding::new(Kind::Face, Rect::new(2, 2, 10, 10), 0.9),
            Finding::new(Kind::Text, Rect::new(20, 2, 30, 10), 0.8),
            Finding::new(Kind::Text, Rect::new(20, 40, 30, 10), 0.8),
        ];
        let mut p = RedactionPlan::from_findings(&findings, 100, 80, &PlanDefaults::default());
        let mut history = EditHistory::default();
        let texts = vec![1, 2];
        history
            .apply(
                &mut p,
                &PlanEdit::DismissMany {
                    indices: texts.clone(),
                    reason: " watermark swirl ".into(),
                },
            )
            .unwrap();
        let reason = Decision::Dismiss {
            reason: "watermark swirl".into(),
        };
        assert_eq!(p.items[0].decision, Decision::Redact);
        assert_eq!(
            (&p.items[1].decision, &p.items[2].decision),
            (&reason, &reason)
        );
        assert_eq!(history.undo_len(), 1);
        // An index out of range or a blank reason refuses the whole edit.
        let before = p.clone();
        assert_eq!(
            p.edit(&PlanEdit::RedactMany {
                indices: vec![1, 7]
            }),
            Err(EditError::NoSuchItem { index: 7, len: 3 })
        );
        assert_eq!(
            p.edit(&PlanEdit::DismissMany {
                indices: vec![0],
                reason: "  ".into()
            }),
            Err(EditError::NoReason)
        );
        assert_eq!(p, before);
        history
            .apply(&mut p, &PlanEdit::RedactMany { indices: texts })
            .unwrap();
        assert!(p.items.iter().all(|i| i.decision == Decision::Redact));
        assert!(history.undo(&mut p));
        assert_eq!(p, before);
    }

    #[test]
    fn bad_edits_are_refused_and_change_nothing() {
        let mut p = plan();
        let before = p.clone();
        let cases = [
            (
                PlanEdit::Dismiss {
                    index: 0,
                    reason: " ".into(),
                },
                EditError::NoReason,
            ),
            (
                PlanEdit::Redact { index: 3 },
                EditError::NoSuchItem { index: 3, len: 1 },
            ),
            (
                PlanEdit::RemoveRegion { index: 0 },
                EditError::NotManual(Kind::Face),
            ),
            (
                PlanEdit::AddRegion {
                    rect: Rect::new(98, 10, 20, 20),
                    method: Method::Fill,
                },
                EditError::TooSmall,
            ),
            (
                PlanEdit::SetRegion {
                    index: 0,
                    rect: Rect::new(200, 200, 10, 10),
                },
                EditError::TooSmall,
            ),
        ];
        for (edit, want) in cases {
            assert_eq!(p.edit(&edit), Err(want), "{edit:?}");
            assert_eq!(p, before, "{edit:?} changed the plan");
        }
    }

    #[test]
    fn drawn_regions_are_clipped_redacted_and_removable() {
        let mut p = plan();
        p.edit(&PlanEdit::AddRegion {
            rect: Rect::new(90, 70, 40, 40),
            method: Method::Fill,
        })
        .unwrap();
        let item = &p.items[1];
        assert_eq!(item.finding.kind, Kind::Manual);
        assert_eq!(item.redact_rect, Rect::new(90, 70, 10, 10));
        assert_eq!(item.decision, Decision::Redact);
        p.edit(&PlanEdit::SetRegion {
            index: 1,
            rect: Rect::new(0, 0, 8, 8),
        })
        .unwrap();
        assert_eq!(p.items[1].finding.rect, Rect::new(0, 0, 8, 8));
        assert!(p.items[1].covers_finding());
        p.edit(&PlanEdit::RemoveRegion { index: 1 }).unwrap();
        assert_eq!(p.items.len(), 1);
    }

    #[test]
    fn a_detection_moved_off_its_box_no_longer_covers_it() {
        let mut p = plan();
        assert!(p.items[0].covers_finding());
        // Growing is fine.
        p.edit(&PlanEdit::SetRegion {
            index: 0,
            rect: Rect::new(0, 0, 100, 80),
        })
        .unwrap();
        assert!(p.items[0].covers_finding());
        // The detector's box stays what it found.
        assert_eq!(p.items[0].finding.rect, Rect::new(20, 20, 30, 30));
        p.edit(&PlanEdit::SetRegion {
            index: 0,
            rect: Rect::new(25, 20, 30, 30),
        })
        .unwrap();
        assert!(!p.items[0].covers_finding());
    }

    fn crowd_plan() -> RedactionPlan {
        let poly = Polygon(vec![[10.0, 10.0], [90.0, 10.0], [90.0, 60.0], [10.0, 60.0]]);
        let crowd = Finding {
            polygon: Some(poly.clone()),
            ..Finding::new(Kind::Crowd, poly.bounds(100, 80), 0.3)
        };
        RedactionPlan::from_findings(&[crowd], 100, 80, &PlanDefaults::default())
    }

    #[test]
    fn a_crowd_is_reshaped_by_its_vertices_and_moved_by_its_box() {
        let mut p = crowd_plan();
        assert_eq!(p.items[0].method, Method::Blur);
        assert_eq!(p.items[0].redact_rect, Rect::new(10, 10, 80, 50));
        assert!(p.items[0].covers_finding());
        // A vertex dragged outwards, past the image's edge: clamped, still covering.
        let grown = vec![[10.0, 10.0], [90.0, 10.0], [120.0, 70.0], [10.0, 60.0]];
        p.edit(&PlanEdit::SetPolygon {
            index: 0,
            points: grown,
        })
        .unwrap();
        let item = &p.items[0];
        assert_eq!(item.polygon.as_ref().unwrap().0[2], [100.0, 70.0]);
        assert_eq!(item.redact_rect, Rect::new(10, 10, 90, 60));
        assert!(item.covers_finding());
        // A vertex dragged inwards uncovers part of what was found.
        let cut = vec![[10.0, 10.0], [90.0, 10.0], [50.0, 40.0], [10.0, 60.0]];
        p.edit(&PlanEdit::SetPolygon {
            index: 0,
            points: cut,
        })
        .unwrap();
        assert!(!p.items[0].covers_finding());
        // Moving its box carries the polygon along.
        let mut q = crowd_plan();
        q.edit(&PlanEdit::SetRegion {
            index: 0,
            rect: Rect::new(0, 0, 40, 25),
        })
        .unwrap();
        let moved = q.items[0].polygon.as_ref().unwrap();
        assert_eq!(
            moved.0,
            [[0.0, 0.0], [40.0, 0.0], [40.0, 25.0], [0.0, 25.0]]
        );
        assert!(!q.items[0].covers_finding());
        // Refused: too few points, too small, not a polygon.
        let before = p.clone();
        let two = PlanEdit::SetPolygon {
            index: 0,
            points: vec![[0.0, 0.0], [50.0, 50.0]],
        };
        assert_eq!(p.edit(&two), Err(EditError::BadPolygon));
        let tiny = PlanEdit::SetPolygon {
            index: 0,
            points: vec![[0.0, 0.0], [2.0, 0.0], [2.0, 2.0]],
        };
        assert_eq!(p.edit(&tiny), Err(EditError::TooSmall));
        assert_eq!(p, before);
        let mut f = plan();
        let tri = PlanEdit::SetPolygon {
            index: 0,
            points: vec![[0.0, 0.0], [50.0, 0.0], [0.0, 50.0]],
        };
        assert_eq!(f.edit(&tri), Err(EditError::NotPolygon(Kind::Face)));
    }

    #[test]
    fn undo_and_redo_walk_the_history() {
        let mut p = plan();
        let original = p.clone();
        let mut h = EditHistory::default();
        assert!(!h.undo(&mut p));
        h.apply(
            &mut p,
            &PlanEdit::SetMethod {
                index: 0,
                method: Method::Fill,
            },
        )
        .unwrap();
        let after_one = p.clone();
        h.apply(
            &mut p,
            &PlanEdit::AddRegion {
                rect: Rect::new(1, 1, 10, 10),
                method: Method::Blur,
            },
        )
        .unwrap();
        let after_two = p.clone();
        // A refused edit and a no-op are not history.
        assert!(h.apply(&mut p, &PlanEdit::Redact { index: 9 }).is_err());
        h.apply(&mut p, &PlanEdit::Redact { index: 0 }).unwrap();
        assert_eq!((h.undo_len(), h.redo_len()), (2, 0));

        assert!(h.undo(&mut p));
        assert_eq!(p, after_one);
        assert!(h.undo(&mut p));
        assert_eq!(p, original);
        assert!(!h.undo(&mut p));
        assert!(h.redo(&mut p));
        assert_eq!(p, after_one);
        // A new edit drops what could have been redone.
        h.apply(&mut p, &PlanEdit::Redact { index: 0 }).unwrap();
        h.apply(
            &mut p,
            &PlanEdit::SetMethod {
                index: 0,
                method: Method::Pixelate,
            },
        )
        .unwrap();
        assert_eq!(h.redo_len(), 0);
        assert!(!h.redo(&mut p));
        assert_ne!(p, after_two);
    }
}
