/*
 * SPDX-License-Identifier: MIT
 *
 * hal/base.h - the AliOS-Things HAL module header that hal/ota.h builds on:
 * hal_module_base_t, the first member of every HAL module (20 bytes on
 * 32-bit targets). Same name, guard and layout as AliOS-Things'
 * include/hal/base.h.
 *
 * Part of the AliOS compatibility headers (docs/porting-legacy.md). If the
 * AliOS-Things headers are on the include path too, put them first: their
 * hal/base.h and hal/ota.h then replace these (same guards), and the list
 * type comes from their aos/list.h. Without them, dlist_t is defined here
 * unless OTA_ALIOS_HAVE_DLIST_T is defined (or aos/list.h came first).
 */

#ifndef HAL_BASE_H
#define HAL_BASE_H

#include <stdint.h>

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

#if !defined( AOS_LIST_H ) && !defined( OTA_ALIOS_HAVE_DLIST_T )

/**
 * @brief AliOS doubly linked list node (aos/list.h).
 */
    typedef struct dlist_s
    {
        struct dlist_s * prev; /*!< Previous node. */
        struct dlist_s * next; /*!< Next node. */
    } dlist_t;
#endif

/**
 * @brief HAL error codes shared by the AliOS HAL modules.
 */
enum
{
    HAL_ERR_ARG = -4096, /*!< Invalid argument. */
    HAL_ERR_CAP          /*!< Capability not supported. */
};

/**
 * @brief Common head of an AliOS HAL module.
 */
typedef struct
{
    dlist_t list;       /*!< Module list node. */
    int magic;          /*!< Module magic. */
    const char * name;  /*!< Module name. */
    void * priv_dev;    /*!< Driver data. */
} hal_module_base_t;

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef HAL_BASE_H */
