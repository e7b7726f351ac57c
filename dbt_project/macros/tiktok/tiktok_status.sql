{#
    TikTok's `operation_status` (what the advertiser set: ENABLE, DISABLE, DELETE) in the status
    vocabulary every platform's models share (ACTIVE, PAUSED, DELETED); other values pass through.
    Source: TikTok API for Business v1.3, `campaign|adgroup|ad/status/update` operation_status.
#}
{% macro tiktok_status(column) -%}
    case {{ column }}
        when 'ENABLE' then 'ACTIVE'
        when 'DISABLE' then 'PAUSED'
        when 'DELETE' then 'DELETED'
        else {{ column }}
    end
{%- endmacro %}
