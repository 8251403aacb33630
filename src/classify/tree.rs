//! The snapshot as a tree: each node's children, and where each node sits on the page (in page
//! chrome, inside a link or button, inside a heading).
//!
//! Built once per page in linear time from `Node::parent` (which always names an earlier node, see
//! `PageSnapshot::into_bounded`), so later steps can walk down a subtree or up to an ancestor without
//! searching. Nothing here assumes more than that: a malformed document order gives a poorer answer,
//! never a panic or a loop.

use crate::snapshot::{Node, PageSnapshot};

/// Where a node sits, inherited from its ancestors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Place {
    /// Inside navigation, a banner, a footer, a menu, a tab list or a search form: the site's frame,
    /// the same on every page, which says nothing about this one.
    pub chrome: bool,
    /// Inside a link, button, tab or option: it names another page or an action.
    pub interactive: bool,
    /// Inside a heading.
    pub heading: bool,
}

pub struct Tree<'a> {
    pub nodes: &'a [Node<'a>],
    /// Every node's children, node after node, in document order: node `i`'s are
    /// `children[child_starts[i]..child_starts[i + 1]]`. One vector for the page, not one per node.
    children: Vec<u32>,
    child_starts: Vec<u32>,
    /// Each node's index among its parent's children.
    positions: Vec<u32>,
    pub places: Vec<Place>,
    /// Each node's [`Control`], read once: the sessions and settings steps ask again and again.
    controls: Vec<Option<Control>>,
}

impl<'a> Tree<'a> {
    pub fn new(snapshot: &'a PageSnapshot<'a>) -> Self {
        let nodes = snapshot.nodes.as_slice();
        let parent_of = |index: usize| {
            nodes[index]
                .parent
                .map(|p| p as usize)
                .filter(|&p| p < index)
        };
        // Counted first, then placed: node `p`'s children start after those of every node before it.
        let mut child_starts: Vec<u32> = vec![0; nodes.len() + 1];
        for index in 0..nodes.len() {
            if let Some(p) = parent_of(index) {
                child_starts[p + 1] += 1;
            }
        }
        for i in 1..child_starts.len() {
            child_starts[i] += child_starts[i - 1];
        }
        let mut children: Vec<u32> = vec![0; child_starts[nodes.len()] as usize];
        let mut filled: Vec<u32> = vec![0; nodes.len()];
        let mut positions: Vec<u32> = vec![0; nodes.len()];
        let mut places: Vec<Place> = Vec::with_capacity(nodes.len());
        let controls = nodes.iter().map(control).collect();
        for (index, node) in nodes.iter().enumerate() {
            let parent = parent_of(index);
            if let Some(p) = parent {
                positions[index] = filled[p];
                children[(child_starts[p] + filled[p]) as usize] = index as u32;
                filled[p] += 1;
            }
            let inherited = parent.map(|p| places[p]).unwrap_or_default();
            places.push(Place {
                chrome: inherited.chrome || is_chrome(node),
                interactive: inherited.interactive || is_interactive(node),
                heading: inherited.heading || is_heading(node),
            });
        }
        Self {
            nodes,
            children,
            child_starts,
            positions,
            places,
            controls,
        }
    }

    /// What node `index` lets the user set, if anything.
    pub fn control(&self, index: usize) -> Option<Control> {
        self.controls.get(index).copied().flatten()
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The parent of `index`, when it has a valid one.
    pub fn parent(&self, index: usize) -> Option<usize> {
        self.nodes
            .get(index)?
            .parent
            .map(|p| p as usize)
            .filter(|&p| p < index)
    }

    /// The index of `index` among its parent's children (0 for the root).
    pub fn position_among_siblings(&self, index: usize) -> usize {
        self.positions.get(index).map_or(0, |&p| p as usize)
    }

    pub fn children(&self, index: usize) -> &[u32] {
        let start = self.child_starts.get(index).copied().unwrap_or_default() as usize;
        let end = self
            .child_starts
            .get(index + 1)
            .copied()
            .unwrap_or_default() as usize;
        self.children.get(start..end).unwrap_or_default()
    }

    /// `index` and its descendants in document order, stopping after `limit` nodes.
    pub fn subtree(&self, index: usize, limit: usize) -> Subtree<'_, 'a> {
        Subtree {
            tree: self,
            stack: if index < self.len() {
                vec![index]
            } else {
                Vec::new()
            },
            left: limit,
        }
    }

    /// The ancestors of `index`, nearest first.
    pub fn ancestors(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.parent(index), move |&a| self.parent(a))
    }
}

/// A depth-first walk with an explicit stack: a page nested a million deep cannot overflow it.
pub struct Subtree<'t, 'a> {
    tree: &'t Tree<'a>,
    stack: Vec<usize>,
    left: usize,
}

impl Iterator for Subtree<'_, '_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if self.left == 0 {
            return None;
        }
        let index = self.stack.pop()?;
        self.left -= 1;
        self.stack
            .extend(self.tree.children(index).iter().rev().map(|&c| c as usize));
        Some(index)
    }
}

fn role<'a>(node: &'a Node) -> &'a str {
    node.role.as_deref().unwrap_or_default()
}

fn is_chrome(node: &Node) -> bool {
    matches!(&*node.tag, "nav" | "header" | "footer")
        || matches!(
            role(node),
            "navigation" | "banner" | "contentinfo" | "menu" | "menubar" | "tablist" | "search"
        )
}

fn is_interactive(node: &Node) -> bool {
    matches!(&*node.tag, "a" | "button" | "option")
        || matches!(
            role(node),
            "link" | "button" | "tab" | "menuitem" | "option" | "treeitem"
        )
}

/// A heading element or ARIA heading.
pub fn is_heading(node: &Node) -> bool {
    matches!(&*node.tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") || role(node) == "heading"
}

/// An element that holds one entry of a list, a table or a grid.
pub fn is_list_item(node: &Node) -> bool {
    matches!(&*node.tag, "li" | "tr")
        || matches!(role(node), "listitem" | "row" | "article" | "option")
}

/// Something a user sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// A switch or checkbox: on or off.
    Toggle,
    /// One option of a radio group.
    Radio,
    /// A drop-down with a selected option.
    Select,
}

fn control(node: &Node) -> Option<Control> {
    match (role(node), node.input_type.as_deref()) {
        ("switch" | "checkbox", _) | (_, Some("checkbox")) => Some(Control::Toggle),
        ("radio", _) | (_, Some("radio")) => Some(Control::Radio),
        _ => (node.tag == "select").then_some(Control::Select),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node<'a>(tag: &'a str, parent: Option<u32>, role: Option<&'a str>) -> Node<'a> {
        Node {
            tag: tag.into(),
            parent,
            role: role.map(Into::into),
            ..Node::default()
        }
    }

    #[test]
    fn places_are_inherited_and_subtrees_walk_in_document_order() {
        let snapshot = PageSnapshot {
            url: "https://x.example/".into(),
            nodes: vec![
                node("body", None, None),
                node("div", Some(0), Some("navigation")),
                node("a", Some(1), None),
                node("main", Some(0), None),
                node("h2", Some(3), None),
                node("span", Some(4), None),
                node("p", Some(3), None),
            ],
            ..Default::default()
        };
        let tree = Tree::new(&snapshot);
        assert!(tree.places[2].chrome && tree.places[2].interactive);
        assert!(tree.places[5].heading && !tree.places[5].chrome);
        assert!(!tree.places[6].heading);
        assert_eq!(tree.subtree(3, 100).collect::<Vec<_>>(), [3, 4, 5, 6]);
        assert_eq!(tree.subtree(0, 3).count(), 3);
        assert_eq!(tree.ancestors(5).collect::<Vec<_>>(), [4, 3, 0]);
        assert_eq!(tree.subtree(99, 10).count(), 0);
    }
}
