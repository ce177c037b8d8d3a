; A call of one of the plugin registry's three registration methods, whatever the receiver:
;   pluginmachinery.PluginRegistry().RegisterK8sPlugin(k8s.PluginEntry{...})
; Method and interface declarations are not call expressions, so they never match.
(call_expression
  function: (selector_expression
    field: (field_identifier) @method)
  arguments: (argument_list) @arguments
  (#match? @method "^Register(K8s|Core|Remote)Plugin$")) @call
